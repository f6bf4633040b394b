using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.RateLimiting;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Comments;

/// <summary>Comments of a post (contract 5, plus <c>parent_id</c> replies). Reading is public with optional auth: authors
/// are shown as the caller may see them (<see cref="Users.UserPrivacy"/>).</summary>
public static class CommentsApi
{
    public static RouteGroupBuilder MapCommentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/posts/{id}/comments").WithTags("Comments");

        group.MapGet("", ListComments).WithName(nameof(ListComments));
        group.MapPost("", CreateComment).WithName(nameof(CreateComment)).RequireAuthorization()
            .WithValidation<CreateCommentRequest>().WithRateLimit(RateLimitPolicies.CreateComment);
        group.MapPut("/{commentId}", UpdateComment).WithName(nameof(UpdateComment)).RequireAuthorization()
            .WithValidation<UpdateCommentRequest>();
        group.MapDelete("/{commentId}", DeleteComment).WithName(nameof(DeleteComment)).RequireAuthorization();
        return group;
    }

    public static async Task<Results<Ok<IReadOnlyList<CommentDto>>, ProblemHttpResult>> ListComments(
        long id, [AsParameters] ListPageQuery query, ClaimsPrincipal user, CommentService comments, CancellationToken cancellationToken) =>
        (await comments.ListAsync(id, query, user.FindCaller(), cancellationToken)).ToOk();

    public static async Task<Results<Created<CommentDto>, ProblemHttpResult>> CreateComment(
        long id, CreateCommentRequest request, ClaimsPrincipal user, CommentService comments, CancellationToken cancellationToken)
    {
        var result = await comments.CreateAsync(id, user.GetCaller(), request, cancellationToken);
        return result.ToCreated(created => $"/api/posts/{id}/comments/{created.Id}");
    }

    public static async Task<Results<Ok<CommentDto>, ProblemHttpResult>> UpdateComment(
        long id, long commentId, UpdateCommentRequest request, ClaimsPrincipal user, CommentService comments, CancellationToken cancellationToken) =>
        (await comments.UpdateAsync(id, commentId, user.GetCaller(), request, cancellationToken)).ToOk();

    /// <summary>200 with the text body <c>OK</c> (contract 5).</summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> DeleteComment(
        long id, long commentId, ClaimsPrincipal user, CommentService comments, CancellationToken cancellationToken) =>
        (await comments.DeleteAsync(id, commentId, user.GetCaller(), cancellationToken)).ToOkText();
}
