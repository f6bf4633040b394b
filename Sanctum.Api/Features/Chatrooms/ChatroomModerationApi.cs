using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Features.Auth;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Chatrooms;

/// <summary>Mutes and chatroom moderators (contract 10), under the <c>/api/chatrooms</c> group.</summary>
public static class ChatroomModerationApi
{
    public static RouteGroupBuilder MapChatroomModerationApi(this RouteGroupBuilder group)
    {
        group.MapGet("/{id}/mutes", ListChatroomMutes).WithName(nameof(ListChatroomMutes));
        group.MapPost("/{id}/mutes/{userId}", MuteChatroomUser).WithName(nameof(MuteChatroomUser)).WithValidation<MuteRequest>();
        group.MapDelete("/{id}/mutes/{userId}", UnmuteChatroomUser).WithName(nameof(UnmuteChatroomUser));
        group.MapGet("/{id}/moderators", ListChatroomModerators).WithName(nameof(ListChatroomModerators));
        group.MapPost("/{id}/moderators/{userId}", GrantChatroomModerator).WithName(nameof(GrantChatroomModerator));
        group.MapDelete("/{id}/moderators/{userId}", RevokeChatroomModerator).WithName(nameof(RevokeChatroomModerator));
        return group;
    }

    public static async Task<Results<Ok<IReadOnlyList<ChatroomMuteDto>>, ProblemHttpResult>> ListChatroomMutes(
        long id, [AsParameters] ListPageQuery query, ClaimsPrincipal user, ChatroomModerationService moderation, CancellationToken cancellationToken) =>
        (await moderation.ListMutesAsync(user.GetCaller(), id, query, cancellationToken)).ToOk();

    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> MuteChatroomUser(
        long id, long userId, MuteRequest request, ClaimsPrincipal user, ChatroomModerationService moderation, CancellationToken cancellationToken) =>
        ChatroomsApi.Message(await moderation.MuteAsync(user.GetCaller(), id, userId, request, cancellationToken), "User muted");

    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> UnmuteChatroomUser(
        long id, long userId, ClaimsPrincipal user, ChatroomModerationService moderation, CancellationToken cancellationToken) =>
        ChatroomsApi.Message(await moderation.UnmuteAsync(user.GetCaller(), id, userId, cancellationToken), "User unmuted");

    public static async Task<Results<Ok<IReadOnlyList<ChatroomModeratorDto>>, ProblemHttpResult>> ListChatroomModerators(
        long id, [AsParameters] ListPageQuery query, ClaimsPrincipal user, ChatroomModerationService moderation, CancellationToken cancellationToken) =>
        (await moderation.ListModeratorsAsync(user.GetCaller(), id, query, cancellationToken)).ToOk();

    public static async Task<Results<Ok<ChatroomModeratorDto>, ProblemHttpResult>> GrantChatroomModerator(
        long id, long userId, ClaimsPrincipal user, ChatroomModerationService moderation, CancellationToken cancellationToken) =>
        (await moderation.GrantModeratorAsync(user.GetCaller(), id, userId, cancellationToken)).ToOk();

    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> RevokeChatroomModerator(
        long id, long userId, ClaimsPrincipal user, ChatroomModerationService moderation, CancellationToken cancellationToken) =>
        ChatroomsApi.Message(await moderation.RevokeModeratorAsync(user.GetCaller(), id, userId, cancellationToken),
            "Chatroom moderator removed successfully");
}
