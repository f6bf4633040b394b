using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Features.Sanctums;

/// <summary>Sanctum requests: creation by users, review by platform admins (contract 3 and 13).</summary>
public sealed class SanctumRequestService(SanctumRequestStore store, SanctumStore sanctums, SanctumCache cache, IRealtimeEvents events)
{
    private const string SlugInUse = "slug is already in use";
    private const string PendingExists = "a pending request already exists for this slug";

    /// <summary>The body has passed <see cref="CreateSanctumRequestRequestValidator"/>.</summary>
    public async Task<Result<SanctumRequestDto>> CreateAsync(long userId, CreateSanctumRequestRequest request, CancellationToken cancellationToken)
    {
        var slug = request.Slug;
        if (await sanctums.SlugExistsAsync(slug, cancellationToken))
        {
            return Error.Conflict(SlugInUse);
        }
        if (await store.PendingSlugExistsAsync(slug, cancellationToken))
        {
            return Error.Conflict(PendingExists);
        }
        var inserted = await store.InsertAsync(request.Name, slug, request.TrimmedReason, userId, cancellationToken);
        if (inserted.Violation == Violation.Duplicate)
        {
            return Error.Conflict(PendingExists);
        }
        var created = inserted.Value;
        await events.PublishAsync(new RealtimeEvent("sanctum_request_created",
            new SanctumRequestCreatedEvent(created.Id, created.RequestedName, created.RequestedSlug, created.RequestedByUserId, created.Status, created.CreatedAt),
            EventAudience.Admins), cancellationToken);
        return created.ToDto();
    }

    /// <summary>The caller's own requests; the reviewer (an admin) is shown in the form the caller may see.</summary>
    public async Task<IReadOnlyList<SanctumRequestDto>> ListMineAsync(Caller caller, ListPageQuery query, CancellationToken cancellationToken) =>
        (await store.ListByRequesterAsync(caller.UserId, Paging.Capped(query), cancellationToken)).Select(request => request.VisibleTo(caller)).ToList();

    /// <summary>The requester or a platform admin may delete a request in any status.</summary>
    public async Task<Result> DeleteAsync(long id, Caller caller, CancellationToken cancellationToken)
    {
        var request = await store.FindAsync(id, cancellationToken);
        if (request is null)
        {
            return NotFound(id);
        }
        if (request.RequestedByUserId != caller.UserId && !caller.IsAdmin)
        {
            return Error.Forbidden("Not authorized to delete this request");
        }
        await store.DeleteAsync(id, cancellationToken);
        return Result.Ok;
    }

    /// <summary>Admin console list (the route is admin-only, so the users come in full); the status (checked by
    /// <see cref="SanctumRequestListQueryValidator"/>) defaults to pending.</summary>
    public async Task<IReadOnlyList<SanctumRequestDto>> ListByStatusAsync(SanctumRequestListQuery query, Caller caller, CancellationToken cancellationToken)
    {
        var status = string.IsNullOrEmpty(query.Status) ? SanctumRequestStatuses.Pending : query.Status;
        var requests = await store.ListByStatusAsync(status, Paging.Capped(new ListPageQuery(query.Limit, query.Offset)), cancellationToken);
        return requests.Select(request => request.VisibleTo(caller)).ToList();
    }

    /// <summary>Creates the sanctum, its owner membership and default room atomically; only a pending request can be approved.</summary>
    public async Task<Result<ApproveSanctumRequestResponse>> ApproveAsync(long id, long reviewerId, ReviewSanctumRequestRequest? review, CancellationToken cancellationToken)
    {
        var outcome = await store.ApproveAsync(id, reviewerId, ReviewNotes(review), request => request switch
        {
            null => NotFound(id),
            { Status: not SanctumRequestStatuses.Pending } => NotPending,
            _ when SanctumSlugRules.Check(request.RequestedSlug) is { } message => Error.Validation(message),
            _ => null,
        }, cancellationToken);
        if (outcome.Violation == Violation.Duplicate)
        {
            return Error.Conflict(SlugInUse);
        }
        var result = outcome.Value;
        if (result.Error is { } error)
        {
            return error;
        }
        var approved = result.Value!;
        await cache.InvalidateAsync(approved.Sanctum.Slug);
        await PublishReviewedAsync(approved.Request, cancellationToken);
        return new ApproveSanctumRequestResponse(approved.Request.ToDto(), approved.Sanctum);
    }

    public async Task<Result<SanctumRequestDto>> RejectAsync(long id, long reviewerId, ReviewSanctumRequestRequest? review, CancellationToken cancellationToken)
    {
        var rejected = await store.RejectPendingAsync(id, reviewerId, ReviewNotes(review), cancellationToken);
        if (rejected is null)
        {
            return await store.FindAsync(id, cancellationToken) is null ? NotFound(id) : NotPending;
        }
        await PublishReviewedAsync(rejected, cancellationToken);
        return rejected.ToDto();
    }

    /// <summary>The one place <c>sanctum_request_reviewed</c> is raised: to every connected user (contract 12.2), whose
    /// client refreshes its admin queues and sanctum list; the payload names no one.</summary>
    private Task PublishReviewedAsync(SanctumRequestRow request, CancellationToken cancellationToken) =>
        events.PublishAsync(new RealtimeEvent("sanctum_request_reviewed",
            new SanctumRequestReviewedEvent(request.Id, request.Status, request.UpdatedAt),
            EventAudience.Everyone), cancellationToken);

    /// <summary>The trimmed notes; a body that was sent has passed <see cref="ReviewSanctumRequestRequestValidator"/>.</summary>
    private static string ReviewNotes(ReviewSanctumRequestRequest? review) => review?.Notes ?? "";

    private static Error NotPending => Error.Conflict("sanctum request is not pending");

    private static Error NotFound(long id) => Error.NotFound("Sanctum request", id);
}
