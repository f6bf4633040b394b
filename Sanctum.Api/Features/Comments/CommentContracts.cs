using FluentValidation;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Validation;
using Sanctum.Api.Infrastructure.Auth;

namespace Sanctum.Api.Features.Comments;

/// <summary>The Comment object of contract 0.6, plus <c>parent_id</c> for threaded replies (left out for top-level
/// comments). The original's zero-valued <c>post</c> object carries no information and is left out.</summary>
public sealed record CommentDto(
    long Id,
    string Content,
    long UserId,
    long PostId,
    long? ParentId,
    UserDto User,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>A comments row as the store reads it; the author is mapped separately.</summary>
public sealed class CommentRow
{
    public long Id { get; init; }
    public string Content { get; init; } = "";
    public long UserId { get; init; }
    public long PostId { get; init; }
    public long? ParentId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public UserRow? Author { get; set; }

    /// <summary>The comment as <paramref name="viewer"/> (null: anonymous, or everyone) may see its author.</summary>
    public CommentDto ToDto(Caller? viewer) => new(Id, Content, UserId, PostId, ParentId,
        Author?.ToDto(viewer) ?? throw new InvalidOperationException($"Comment {Id} was read without its author."), CreatedAt, UpdatedAt);
}

/// <summary><c>POST /api/posts/:id/comments</c>; <c>parent_id</c> makes the comment a reply.</summary>
public sealed record CreateCommentRequest(string? Content, long? ParentId);

public sealed record UpdateCommentRequest(string? Content);

/// <summary>Payload of <c>comment_created</c> and <c>comment_updated</c> (contract 12.2).</summary>
public sealed record CommentChangedEvent(long PostId, CommentDto Comment, long CommentsCount, DateTime UpdatedAt)
{
    /// <summary>The event goes to everyone, so the comment's author is in the public form.</summary>
    public static CommentChangedEvent For(CommentRow row, long commentsCount, DateTime updatedAt) =>
        new(row.PostId, row.ToDto(viewer: null), commentsCount, updatedAt);
}

/// <summary>Payload of <c>comment_deleted</c>.</summary>
public sealed record CommentDeletedEvent(long PostId, long CommentId, long CommentsCount, DateTime UpdatedAt);

public static class CommentLimits
{
    public const int Content = 10_000;

    public static IRuleBuilderOptions<T, string?> ValidCommentContent<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(content => !string.IsNullOrWhiteSpace(content)).WithMessage("Content is required")
            .ValidText(Content, "Comment", multiline: true);
}

public sealed class CreateCommentRequestValidator : AbstractValidator<CreateCommentRequest>
{
    public CreateCommentRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(request => request.Content).ValidCommentContent();
    }
}

public sealed class UpdateCommentRequestValidator : AbstractValidator<UpdateCommentRequest>
{
    public UpdateCommentRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(request => request.Content).ValidCommentContent();
    }
}
