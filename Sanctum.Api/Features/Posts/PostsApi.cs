using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Features.Reports;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.RateLimiting;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Posts;

/// <summary>Posts, polls, likes, search and post reports (contract 4). Reads are public with optional auth:
/// a caller with a valid token gets their own <c>liked</c> and <c>user_vote_option_id</c>, and authors as that
/// caller may see them (<see cref="Users.UserPrivacy"/>).</summary>
public static class PostsApi
{
    /// <summary>The cursor of the next keyset page of <c>GET /api/posts?cursor=</c> (<see cref="FeedQuery"/>): a header,
    /// because the feed's body is the contract's bare array.</summary>
    public const string NextCursorHeader = "X-Next-Cursor";

    public static RouteGroupBuilder MapPostsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/posts").WithTags("Posts");

        group.MapGet("", ListPosts).WithName(nameof(ListPosts)).WithValidation<FeedQuery>();
        group.MapGet("/search", SearchPosts).WithName(nameof(SearchPosts))
            .WithValidation<SearchQuery>().WithRateLimit(RateLimitPolicies.Search);
        group.MapGet("/{id}", GetPost).WithName(nameof(GetPost));
        group.MapPost("", CreatePost).WithName(nameof(CreatePost)).RequireAuthorization()
            .WithValidation<CreatePostRequest>().WithRateLimit(RateLimitPolicies.CreatePost);
        group.MapPut("/{id}", UpdatePost).WithName(nameof(UpdatePost)).RequireAuthorization().WithValidation<UpdatePostRequest>();
        group.MapDelete("/{id}", DeletePost).WithName(nameof(DeletePost)).RequireAuthorization();
        group.MapPost("/{id}/like", LikePost).WithName(nameof(LikePost)).RequireAuthorization();
        group.MapDelete("/{id}/like", UnlikePost).WithName(nameof(UnlikePost)).RequireAuthorization();
        group.MapPost("/{id}/poll/vote", VotePoll).WithName(nameof(VotePoll)).RequireAuthorization().WithValidation<VotePollRequest>();
        group.MapPost("/{id}/report", ReportPost).WithName(nameof(ReportPost)).RequireAuthorization()
            .WithValidation<ReportRequest>().WithRateLimit(RateLimitPolicies.Report);

        app.MapGroup("/api/users").WithTags("Posts").RequireAuthorization()
            .MapGet("/{id}/posts", ListUserPosts).WithName(nameof(ListUserPosts));
        return group;
    }

    public static async Task<Results<Ok<IReadOnlyList<PostDto>>, ContentHttpResult>> ListPosts(
        [AsParameters] FeedQuery query, ClaimsPrincipal user, HttpResponse response, PostService posts, CancellationToken cancellationToken)
    {
        var page = await posts.FeedAsync(query, user.FindCaller(), cancellationToken);
        if (page.NextCursor is { } next)
        {
            response.Headers[NextCursorHeader] = next;
        }
        return page.CachedJson is { } json ? TypedResults.Text(json, "application/json; charset=utf-8") : TypedResults.Ok(page.Posts!);
    }

    public static async Task<Ok<IReadOnlyList<PostDto>>> SearchPosts(
        [AsParameters] SearchQuery query, ClaimsPrincipal user, PostSearchService search, CancellationToken cancellationToken) =>
        TypedResults.Ok(await search.SearchAsync(query, user.FindCaller(), cancellationToken));

    public static async Task<Results<Ok<PostDto>, ProblemHttpResult>> GetPost(
        long id, ClaimsPrincipal user, PostService posts, CancellationToken cancellationToken) =>
        (await posts.GetAsync(id, user.FindCaller(), cancellationToken)).ToOk();

    public static async Task<Results<Created<PostDto>, ProblemHttpResult>> CreatePost(
        CreatePostRequest request, ClaimsPrincipal user, PostService posts, CancellationToken cancellationToken)
    {
        var result = await posts.CreateAsync(user.GetCaller(), request, cancellationToken);
        return result.ToCreated(created => $"/api/posts/{created.Id}");
    }

    public static async Task<Results<Ok<PostDto>, ProblemHttpResult>> UpdatePost(
        long id, UpdatePostRequest request, ClaimsPrincipal user, PostService posts, CancellationToken cancellationToken) =>
        (await posts.UpdateAsync(id, user.GetCaller(), request, cancellationToken)).ToOk();

    public static async Task<Results<NoContent, ProblemHttpResult>> DeletePost(
        long id, ClaimsPrincipal user, PostService posts, CancellationToken cancellationToken)
    {
        var result = await posts.DeleteAsync(id, user.GetCaller(), cancellationToken);
        return result.ToNoContent();
    }

    public static async Task<Results<Ok<PostDto>, ProblemHttpResult>> LikePost(
        long id, ClaimsPrincipal user, PostReactionService reactions, CancellationToken cancellationToken) =>
        (await reactions.ToggleLikeAsync(id, user.GetCaller(), cancellationToken)).ToOk();

    public static async Task<Results<Ok<PostDto>, ProblemHttpResult>> UnlikePost(
        long id, ClaimsPrincipal user, PostReactionService reactions, CancellationToken cancellationToken) =>
        (await reactions.UnlikeAsync(id, user.GetCaller(), cancellationToken)).ToOk();

    public static async Task<Results<Ok<PostDto>, ProblemHttpResult>> VotePoll(
        long id, VotePollRequest request, ClaimsPrincipal user, PostReactionService reactions, CancellationToken cancellationToken) =>
        (await reactions.VoteAsync(id, user.GetCaller(), request.PollOptionId!.Value, cancellationToken)).ToOk();

    public static async Task<Results<Created<ModerationReportDto>, ProblemHttpResult>> ReportPost(
        long id, ReportRequest request, ClaimsPrincipal user, PostReactionService reactions, CancellationToken cancellationToken)
    {
        var result = await reactions.ReportAsync(id, user.GetUserId(), request, cancellationToken);
        return result.ToCreated(created => $"/api/admin/reports/{created.Id}");
    }

    public static async Task<Ok<IReadOnlyList<PostDto>>> ListUserPosts(
        long id, [AsParameters] PageQuery query, ClaimsPrincipal user, PostService posts, CancellationToken cancellationToken) =>
        TypedResults.Ok(await posts.ByUserAsync(id, query, user.FindCaller(), cancellationToken));
}
