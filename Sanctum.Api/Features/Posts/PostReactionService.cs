using Sanctum.Api.Features.Reports;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Features.Posts;

/// <summary>Likes, poll votes and post reports. Each answers with the post as it is after the change.</summary>
public sealed class PostReactionService(PostStore store, PostQueryStore queries, PostService posts, ReportService reports, IRealtimeEvents events, TimeProvider clock)
{
    /// <summary>Likes the post, or unlikes it when the caller already liked it.</summary>
    public async Task<Result<PostDto>> ToggleLikeAsync(long id, Caller caller, CancellationToken cancellationToken) =>
        await store.ToggleLikeAsync(id, caller.UserId, cancellationToken)
            ? await ReactionChangedAsync(id, caller, cancellationToken)
            : Error.NotFound("Post", id);

    /// <summary>Removes the caller's like; idempotent.</summary>
    public async Task<Result<PostDto>> UnlikeAsync(long id, Caller caller, CancellationToken cancellationToken) =>
        await store.UnlikeAsync(id, caller.UserId, cancellationToken)
            ? await ReactionChangedAsync(id, caller, cancellationToken)
            : Error.NotFound("Post", id);

    /// <summary>One vote per user and poll; voting again changes the choice.</summary>
    public async Task<Result<PostDto>> VoteAsync(long id, Caller caller, long optionId, CancellationToken cancellationToken)
    {
        var outcome = await store.VoteAsync(id, caller.UserId, optionId, cancellationToken);
        switch (outcome)
        {
            case VoteOutcome.PostNotFound:
                return Error.NotFound("Post", id);
            case VoteOutcome.NotAPoll:
                return Error.Validation("Post is not a poll");
            case VoteOutcome.InvalidOption:
                return Error.Validation("Invalid poll option");
            default:
                await posts.PostChangedAsync(id);
                return await posts.ReadAsync(id, caller, cancellationToken);
        }
    }

    /// <summary>Reports a live post; the report names its author.</summary>
    public async Task<Result<ModerationReportDto>> ReportAsync(long id, long reporterId, ReportRequest request, CancellationToken cancellationToken)
    {
        var author = await queries.FindAuthorAsync(id, cancellationToken);
        if (author is null)
        {
            return Error.NotFound("Post", id);
        }
        return await reports.CreateAsync(reporterId, ReportTargets.Post, id, author, request, cancellationToken);
    }

    /// <summary>The one place <c>post_reaction_updated</c> is raised.</summary>
    private async Task<Result<PostDto>> ReactionChangedAsync(long id, Caller caller, CancellationToken cancellationToken)
    {
        await posts.PostChangedAsync(id);
        var post = await posts.ReadAsync(id, caller, cancellationToken);
        if (post.Value is { } value)
        {
            await events.PublishAsync(new RealtimeEvent(PostEventTypes.PostReactionUpdated,
                new PostReactionUpdatedEvent(value.Id, value.LikesCount, value.CommentsCount, clock.GetUtcNow().UtcDateTime),
                EventAudience.Everyone), cancellationToken);
        }
        return post;
    }
}
