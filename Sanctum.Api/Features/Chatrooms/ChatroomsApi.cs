using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Features.Auth;
using Sanctum.Api.Features.Conversations;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Features.Chatrooms;

/// <summary>Chatroom list, join and participant removal (contract 10). Moderation lives in <see cref="ChatroomModerationApi"/>.</summary>
public static class ChatroomsApi
{
    public static RouteGroupBuilder MapChatroomsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/chatrooms").WithTags("Chatrooms").RequireAuthorization();

        group.MapGet("", ListChatrooms).WithName(nameof(ListChatrooms));
        group.MapGet("/joined", ListJoinedChatrooms).WithName(nameof(ListJoinedChatrooms));
        group.MapPost("/{id}/join", JoinChatroom).WithName(nameof(JoinChatroom));
        group.MapDelete("/{id}/participants/{participantId}", RemoveChatroomParticipant).WithName(nameof(RemoveChatroomParticipant));
        group.MapChatroomModerationApi();
        return group;
    }

    public static async Task<Ok<IReadOnlyList<ConversationDto>>> ListChatrooms(
        [AsParameters] ListPageQuery query, ClaimsPrincipal user, ChatroomService rooms, CancellationToken cancellationToken) =>
        TypedResults.Ok(await rooms.ListAsync(user.GetCaller(), joinedOnly: false, query, cancellationToken));

    public static async Task<Ok<IReadOnlyList<ConversationDto>>> ListJoinedChatrooms(
        [AsParameters] ListPageQuery query, ClaimsPrincipal user, ChatroomService rooms, CancellationToken cancellationToken) =>
        TypedResults.Ok(await rooms.ListAsync(user.GetCaller(), joinedOnly: true, query, cancellationToken));

    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> JoinChatroom(
        long id, ClaimsPrincipal user, ChatroomService rooms, CancellationToken cancellationToken) =>
        Message(await rooms.JoinAsync(user.GetCaller(), id, cancellationToken), "Joined chatroom successfully");

    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> RemoveChatroomParticipant(
        long id, long participantId, ClaimsPrincipal user, ChatroomService rooms, CancellationToken cancellationToken) =>
        Message(await rooms.RemoveParticipantAsync(user.GetCaller(), id, participantId, cancellationToken), "Participant removed successfully");

    /// <summary>200 <c>{"message": text}</c>, or the error's problem.</summary>
    internal static Results<Ok<MessageResponse>, ProblemHttpResult> Message(Result result, string text) =>
        result.Error is { } error ? error.ToProblem() : TypedResults.Ok(new MessageResponse(text));
}
