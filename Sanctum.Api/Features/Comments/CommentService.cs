using Sanctum.Api.Features.Posts;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Features.Comments;

/// <summary>
/// Comments of a post, with optional one-level-or-deeper replies (<c>parent_id</c> of the same post). Every
/// "not found" (missing or deleted post, missing or deleted comment, a comment of another post) is 404, every
/// "not yours" is 403. A comment that changes <c>comments_count</c> invalidates the post's cached views.
/// </summary>
public sealed class CommentService(CommentStore store, PostService posts, IRealtimeEvents events, TimeProvider clock)
{
    /// <summary>Without a limit, the newest 1000 (contract 5's hard cap); a client may page within that cap.</summary>
    public async Task<Result<IReadOnlyList<CommentDto>>> ListAsync(long postId, ListPageQuery query, Caller? viewer, CancellationToken cancellationToken)
    {
        if (!await store.PostExistsAsync(postId, cancellationToken))
        {
            return Error.NotFound("Post", postId);
        }
        var rows = await store.ListAsync(postId, Paging.Capped(query), cancellationToken);
        return rows.Select(row => row.ToDto(viewer)).ToList();
    }

    public async Task<Result<CommentDto>> CreateAsync(long postId, Caller caller, CreateCommentRequest request, CancellationToken cancellationToken)
    {
        var inserted = await store.InsertAsync(postId, caller.UserId, request.Content!, request.ParentId, cancellationToken);
        if (inserted.Violation == Violation.MissingReference)
        {
            return Error.Validation("Invalid parent comment");
        }
        if (inserted.Value is not { } row)
        {
            return Error.NotFound("Post", postId);
        }
        await posts.PostChangedAsync(postId);
        await PublishChangedAsync("comment_created", row, cancellationToken);
        return row.ToDto(caller);
    }

    /// <summary>Author only.</summary>
    public async Task<Result<CommentDto>> UpdateAsync(long postId, long commentId, Caller caller, UpdateCommentRequest request, CancellationToken cancellationToken)
    {
        var target = await store.FindTargetAsync(postId, commentId, cancellationToken);
        if (Missing(target, postId, commentId) is { } missing)
        {
            return missing;
        }
        if (target!.AuthorId != caller.UserId)
        {
            return Error.Forbidden("You can only update your own comments");
        }
        var row = await store.UpdateAsync(commentId, request.Content!, cancellationToken);
        if (row is null)
        {
            return Error.NotFound("Comment", commentId);
        }
        await PublishChangedAsync("comment_updated", row, cancellationToken);
        return row.ToDto(caller);
    }

    /// <summary>Author or admin; a soft delete, so replies to the comment stay readable.</summary>
    public async Task<Result> DeleteAsync(long postId, long commentId, Caller caller, CancellationToken cancellationToken)
    {
        var target = await store.FindTargetAsync(postId, commentId, cancellationToken);
        if (Missing(target, postId, commentId) is { } missing)
        {
            return missing;
        }
        if (target!.AuthorId != caller.UserId && !caller.IsAdmin)
        {
            return Error.Forbidden("You can only delete your own comments");
        }
        if (!await store.SoftDeleteAsync(commentId, cancellationToken))
        {
            return Error.NotFound("Comment", commentId);
        }
        await posts.PostChangedAsync(postId);
        var count = await store.CountAsync(postId, cancellationToken);
        await events.PublishAsync(new RealtimeEvent("comment_deleted",
            new CommentDeletedEvent(postId, commentId, count, clock.GetUtcNow().UtcDateTime), EventAudience.Everyone), cancellationToken);
        return Result.Ok;
    }

    private static Error? Missing(CommentTarget? target, long postId, long commentId) =>
        target is null ? Error.NotFound("Post", postId)
        : target.AuthorId is null ? Error.NotFound("Comment", commentId)
        : null;

    /// <summary>The one place <c>comment_created</c> and <c>comment_updated</c> are raised.</summary>
    private async Task PublishChangedAsync(string type, CommentRow row, CancellationToken cancellationToken)
    {
        var count = await store.CountAsync(row.PostId, cancellationToken);
        await events.PublishAsync(new RealtimeEvent(type,
            CommentChangedEvent.For(row, count, clock.GetUtcNow().UtcDateTime), EventAudience.Everyone), cancellationToken);
    }
}
