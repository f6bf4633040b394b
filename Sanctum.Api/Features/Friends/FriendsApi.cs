using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.RateLimiting;

namespace Sanctum.Api.Features.Friends;

/// <summary>Friends (contract 7). Every route needs a signed-in caller; users are shown as the caller may see them.</summary>
public static class FriendsApi
{
    public static RouteGroupBuilder MapFriendsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/friends").WithTags("Friends").RequireAuthorization();

        group.MapGet("", ListFriends).WithName(nameof(ListFriends));
        // Filters run in the order added: the self-request rule is bad input and must not spend the budget.
        group.MapPost("/requests/{userId}", SendFriendRequest).WithName(nameof(SendFriendRequest))
            .AddEndpointFilter(RefuseSelfRequest)
            .WithRateLimit(RateLimitPolicies.FriendRequest);
        group.MapGet("/requests", ListIncomingRequests).WithName(nameof(ListIncomingRequests));
        group.MapGet("/requests/sent", ListSentRequests).WithName(nameof(ListSentRequests));
        group.MapPost("/requests/{requestId}/accept", AcceptFriendRequest).WithName(nameof(AcceptFriendRequest));
        group.MapPost("/requests/{requestId}/reject", RejectFriendRequest).WithName(nameof(RejectFriendRequest));
        group.MapGet("/status/{userId}", GetFriendshipStatus).WithName(nameof(GetFriendshipStatus));
        group.MapDelete("/{userId}", RemoveFriend).WithName(nameof(RemoveFriend));
        return group;
    }

    public static async Task<Ok<IReadOnlyList<UserDto>>> ListFriends(
        [AsParameters] ListPageQuery query, ClaimsPrincipal user, FriendService friends, CancellationToken cancellationToken) =>
        TypedResults.Ok(await friends.ListFriendsAsync(user.GetCaller(), query, cancellationToken));

    public static async Task<Results<Created<FriendshipDto>, ProblemHttpResult>> SendFriendRequest(
        long userId, ClaimsPrincipal user, FriendService friends, CancellationToken cancellationToken) =>
        (await friends.SendRequestAsync(user.GetCaller(), userId, cancellationToken)).ToCreated(_ => $"/api/friends/status/{userId}");

    public static async Task<Ok<IReadOnlyList<FriendshipDto>>> ListIncomingRequests(
        [AsParameters] ListPageQuery query, ClaimsPrincipal user, FriendService friends, CancellationToken cancellationToken) =>
        TypedResults.Ok(await friends.ListRequestsAsync(user.GetCaller(), incoming: true, query, cancellationToken));

    public static async Task<Ok<IReadOnlyList<FriendshipDto>>> ListSentRequests(
        [AsParameters] ListPageQuery query, ClaimsPrincipal user, FriendService friends, CancellationToken cancellationToken) =>
        TypedResults.Ok(await friends.ListRequestsAsync(user.GetCaller(), incoming: false, query, cancellationToken));

    public static async Task<Results<Ok<FriendshipDto>, ProblemHttpResult>> AcceptFriendRequest(
        long requestId, ClaimsPrincipal user, FriendService friends, CancellationToken cancellationToken) =>
        (await friends.AcceptAsync(user.GetCaller(), requestId, cancellationToken)).ToOk();

    /// <summary>204: the addressee rejects, the requester cancels.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> RejectFriendRequest(
        long requestId, ClaimsPrincipal user, FriendService friends, CancellationToken cancellationToken) =>
        (await friends.RejectAsync(user.GetCaller(), requestId, cancellationToken)).ToNoContent();

    public static async Task<Results<Ok<FriendshipStatusDto>, ProblemHttpResult>> GetFriendshipStatus(
        long userId, ClaimsPrincipal user, FriendService friends, CancellationToken cancellationToken) =>
        (await friends.StatusAsync(user.GetCaller(), userId, cancellationToken)).ToOk();

    /// <summary>200 with the text body <c>OK</c> (contract 7).</summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> RemoveFriend(
        long userId, ClaimsPrincipal user, FriendService friends, CancellationToken cancellationToken) =>
        (await friends.RemoveAsync(user.GetCaller(), userId, cancellationToken)).ToOkText();

    private static async ValueTask<object?> RefuseSelfRequest(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        FriendService.RefuseSelfRequest(context.HttpContext.User.GetUserId(), context.GetArgument<long>(0)) is { } refused
            ? refused.ToProblem()
            : await next(context);
}
