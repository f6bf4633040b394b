namespace Sanctum.Api.Features.Posts;

/// <summary>Payload of <c>post_created</c> (contract 12.2), sent to everyone.</summary>
public sealed record PostCreatedEvent(long PostId, long AuthorId, DateTime CreatedAt);

/// <summary>Payload of <c>post_reaction_updated</c>, sent to everyone after a like or unlike.</summary>
public sealed record PostReactionUpdatedEvent(long PostId, long LikesCount, long CommentsCount, DateTime UpdatedAt);

public static class PostEventTypes
{
    public const string PostCreated = "post_created";
    public const string PostReactionUpdated = "post_reaction_updated";
}
