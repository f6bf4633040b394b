using Microsoft.Extensions.Options;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Features.Users;

/// <summary>A user as they see themselves, with their password hash, for login.</summary>
public sealed record UserCredentials(UserDto User, string PasswordHash);

/// <summary>Profiles: reading, listing, updating. Every write invalidates the user's cache entry, and a write to a
/// column the authentication reads (username, is_admin) renews the user's status version (<see cref="UserStatusCache"/>).</summary>
public sealed class UserService(
    UserStore store, UserCache cache, UserStatusCache statuses, IOptions<RootAdminOptions> rootAdmin, IHostEnvironment environment)
{
    public const int DefaultListLimit = 100;
    public const int MaxListLimit = 100;

    /// <summary>The user as <paramref name="viewer"/> may see them (<see cref="UserPrivacy"/>).</summary>
    public async Task<Result<UserDto>> GetAsync(long id, Caller? viewer, CancellationToken cancellationToken)
    {
        var user = await store.FindByIdAsync(id, cancellationToken);
        return user is null ? Error.NotFound("User", id) : user.ToDto(viewer);
    }

    /// <summary>The same as <see cref="GetAsync"/>, served from <see cref="UserCache"/> when present. The cache holds
    /// the full form under the user's own key; the viewer's form is made here, at response time.</summary>
    public async Task<Result<UserDto>> GetCachedAsync(long id, Caller? viewer, CancellationToken cancellationToken)
    {
        if (await cache.GetAsync(id) is { } cached)
        {
            return cached.VisibleTo(viewer);
        }
        var user = await store.FindByIdAsync(id, cancellationToken);
        if (user is null)
        {
            return Error.NotFound("User", id);
        }
        var dto = user.ToDto();
        await cache.SetAsync(dto);
        return dto.VisibleTo(viewer);
    }

    /// <summary>The live user with this email (any case) and their password hash; null when there is none.</summary>
    public async Task<UserCredentials?> FindCredentialsByEmailAsync(string email, CancellationToken cancellationToken) =>
        await store.FindCredentialsByEmailAsync(email, cancellationToken) is { } found
            ? new UserCredentials(found.User.ToDto(), found.PasswordHash)
            : null;

    /// <summary>
    /// Creates an account (signup); a taken email or username, in any case, is a conflict. <paramref name="beforeCommit"/>
    /// gets the new user inside the insert's transaction, which commits only after it succeeds: the caller's work for
    /// the new user (its session) and the row exist together or not at all.
    /// </summary>
    public async Task<Result<T>> CreateAsync<T>(
        string username, string email, string passwordHash, Func<UserDto, Task<T>> beforeCommit, CancellationToken cancellationToken)
    {
        if (await store.EmailExistsAsync(email, cancellationToken))
        {
            return Error.Conflict("User already exists");
        }
        var outcome = await store.InsertAsync(username, email, passwordHash, user => beforeCommit(user.ToDto()), cancellationToken);
        if (outcome.Violation == Violation.Duplicate)
        {
            return Error.Conflict("User already exists");
        }
        return outcome.Value;
    }

    public async Task<IReadOnlyList<UserDto>> ListAsync(int? limit, int? offset, Caller? viewer, CancellationToken cancellationToken)
    {
        var rows = await store.ListAsync(Paging.Limit(limit, DefaultListLimit, MaxListLimit), Paging.Offset(offset), cancellationToken);
        return rows.Select(row => row.ToDto(viewer)).ToList();
    }

    /// <summary>The caller's own profile; answers with their full form.</summary>
    public async Task<Result<UserDto>> UpdateProfileAsync(long id, UpdateProfileRequest request, CancellationToken cancellationToken)
    {
        var outcome = await store.UpdateProfileAsync(id, NullIfEmpty(request.Username), NullIfEmpty(request.Bio), NullIfEmpty(request.Avatar), cancellationToken);
        if (outcome.Violation == Violation.Duplicate)
        {
            return Error.Conflict("Username already taken");
        }
        if (outcome.Value is not { } updated)
        {
            return Error.NotFound("User", id);
        }
        await cache.InvalidateAsync(id);
        if (request.Username is { Length: > 0 })
        {
            // The username is a claim of every request; a stale one only delays the new name, so a Redis failure is logged.
            await statuses.InvalidateOrLogAsync(id);
        }
        return updated.ToDto();
    }

    /// <summary>Promotes or demotes a global admin. The route is admin-only, so it answers with the full form.
    /// The Development root admin cannot be demoted.</summary>
    public async Task<Result<UserDto>> SetAdminAsync(long id, bool isAdmin, CancellationToken cancellationToken)
    {
        var user = await store.FindByIdAsync(id, cancellationToken);
        if (user is null)
        {
            return Error.NotFound("User", id);
        }
        if (!isAdmin && IsProtectedRootAdmin(user))
        {
            return Error.Validation("cannot demote protected development root admin user");
        }
        var updated = await store.SetAdminAsync(id, isAdmin, cancellationToken);
        await cache.InvalidateAsync(id);
        // Strict: a demoted admin must lose the admin routes on their next request, on every replica (503 if it fails).
        await statuses.InvalidateAsync(id);
        return updated is null ? Error.NotFound("User", id) : updated.ToDto();
    }

    private bool IsProtectedRootAdmin(UserRow user) =>
        rootAdmin.Value.IsActiveIn(environment) && string.Equals(user.Username, rootAdmin.Value.Username, StringComparison.OrdinalIgnoreCase);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
