using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Features.Sanctums;

/// <summary>Reading sanctums, the caller's memberships and follow list, and the sanctum admin (owner/mod) roster.</summary>
public sealed class SanctumService(SanctumStore store, SanctumCache cache)
{
    /// <summary>The cache holds the whole list (up to <see cref="Paging.ListCap"/>), so a page is a slice of it and
    /// paging adds no cache keys. Without a limit, every active sanctum (contract 3).</summary>
    public async Task<IReadOnlyList<SanctumDto>> ListActiveAsync(ListPageQuery query, CancellationToken cancellationToken)
    {
        var page = Paging.Capped(query);
        if (await cache.GetListAsync() is { } cached)
        {
            return page.Slice(cached);
        }
        var sanctums = await store.ListActiveAsync(Paging.ListCap, cancellationToken);
        await cache.SetListAsync(sanctums);
        return page.Slice(sanctums);
    }

    public async Task<Result<SanctumDto>> GetActiveAsync(string slug, CancellationToken cancellationToken)
    {
        if (await cache.GetBySlugAsync(slug) is { } cached)
        {
            return cached;
        }
        var sanctum = await store.FindBySlugAsync(slug, activeOnly: true, cancellationToken);
        if (sanctum is null)
        {
            return Error.NotFound("Sanctum", slug);
        }
        await cache.SetBySlugAsync(sanctum);
        return sanctum;
    }

    /// <summary>Platform admin only (the route's gate): removes the sanctum, its memberships and its room.</summary>
    public async Task<Result> DeleteAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(slug, cancellationToken))
        {
            return Error.NotFound("Sanctum", slug);
        }
        await cache.InvalidateAsync(slug);
        return Result.Ok;
    }

    public Task<IReadOnlyList<SanctumMembershipDto>> ListMembershipsAsync(long userId, ListPageQuery query, CancellationToken cancellationToken) =>
        store.ListMembershipsAsync(userId, Paging.Capped(query), cancellationToken);

    /// <summary>The follow-list semantics of contract 3; every slug must name an active sanctum.</summary>
    public async Task<Result<IReadOnlyList<SanctumMembershipDto>>> ReplaceFollowsAsync(long userId, BulkMembershipsRequest request, CancellationToken cancellationToken)
    {
        var slugs = request.NormalizedSlugs();
        var ids = await store.FindActiveIdsAsync(slugs, cancellationToken);
        if (ids.Count != slugs.Count)
        {
            return InvalidSlugs;
        }
        var outcome = await store.ReplaceFollowsAsync(userId, ids, cancellationToken);
        if (outcome.Violation == Violation.MissingReference)
        {
            return InvalidSlugs;
        }
        return outcome.Value.Count == ids.Count ? Result.Success(outcome.Value) : InvalidSlugs;
    }

    public async Task<Result<IReadOnlyList<SanctumAdminDto>>> ListAdminsAsync(string slug, Caller caller, ListPageQuery query, CancellationToken cancellationToken)
    {
        var access = await AuthorizeOwnerAsync(slug, caller, cancellationToken);
        if (access.Error is { } error)
        {
            return error;
        }
        var admins = await store.ListAdminsAsync(access.Value!.Id, Paging.Capped(query), cancellationToken);
        return admins.Select(admin => VisibleTo(admin, caller)).ToList();
    }

    /// <summary>Makes the user a mod; promoting the owner leaves them owner (contract 19 item 15, fixed).</summary>
    public async Task<Result<SanctumAdminDto>> PromoteAsync(string slug, long userId, Caller caller, CancellationToken cancellationToken)
    {
        var access = await AuthorizeOwnerAsync(slug, caller, cancellationToken);
        if (access.Error is { } error)
        {
            return error;
        }
        var admin = await store.PromoteToModAsync(access.Value!.Id, userId, cancellationToken);
        return admin is null ? Error.NotFound("User", userId) : VisibleTo(admin, caller);
    }

    public async Task<Result<SanctumAdminDto>> DemoteAsync(string slug, long userId, Caller caller, CancellationToken cancellationToken)
    {
        var access = await AuthorizeOwnerAsync(slug, caller, cancellationToken);
        if (access.Error is { } error)
        {
            return error;
        }
        var sanctumId = access.Value!.Id;
        var role = await store.FindRoleAsync(sanctumId, userId, cancellationToken);
        if (role is null)
        {
            return Error.NotFound("Sanctum membership", userId);
        }
        if (role == SanctumRoles.Owner)
        {
            return Error.Validation("cannot demote sanctum owner");
        }
        var admin = await store.DemoteToMemberAsync(sanctumId, userId, cancellationToken);
        return admin is null ? Error.NotFound("Sanctum membership", userId) : VisibleTo(admin, caller);
    }

    /// <summary>The sanctum (any status) when the caller is its owner or a platform admin; mods are not enough.</summary>
    private async Task<Result<SanctumDto>> AuthorizeOwnerAsync(string slug, Caller caller, CancellationToken cancellationToken)
    {
        var sanctum = await store.FindBySlugAsync(slug, activeOnly: false, cancellationToken);
        if (sanctum is null)
        {
            return Error.NotFound("Sanctum", slug);
        }
        if (caller.IsAdmin || await store.FindRoleAsync(sanctum.Id, caller.UserId, cancellationToken) == SanctumRoles.Owner)
        {
            return sanctum;
        }
        return Error.Forbidden("Sanctum owner or master admin access required");
    }

    /// <summary>The roster's <c>email</c> follows the User object's rule (<see cref="UserPrivacy"/>): the owner sees
    /// their own, an admin sees every one.</summary>
    private static SanctumAdminDto VisibleTo(SanctumAdminDto admin, Caller viewer) =>
        viewer.SeesPrivateFieldsOf(admin.UserId) ? admin : admin with { Email = "" };

    private static Error InvalidSlugs => Error.Validation("one or more sanctum_slugs are invalid");
}
