using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.RateLimiting;
using Sanctum.Api.Infrastructure.Validation;
using Sanctum.Api.Features.Auth;

namespace Sanctum.Api.Features.Conversations;

/// <summary>Messages of a conversation (contract 9), read receipts and the caller's mentions. Signed-in callers only.</summary>
public static class MessagesApi
{
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/conversations/{id}").WithTags("Messages").RequireAuthorization();

        group.MapGet("/messages", ListMessages).WithName(nameof(ListMessages)).WithValidation<MessagesQuery>();
        // Validation first: a bad message must not spend the send_chat budget.
        group.MapPost("/messages", SendMessage).WithName(nameof(SendMessage))
            .WithValidation<SendMessageCommand>()
            .WithRateLimit(RateLimitPolicies.SendChat);
        group.MapDelete("/messages/{messageId}", DeleteMessage).WithName(nameof(DeleteMessage));
        group.MapPost("/read", MarkConversationRead).WithName(nameof(MarkConversationRead));

        app.MapGet("/api/users/me/mentions", ListMyMentions).WithName(nameof(ListMyMentions)).WithTags("Messages").RequireAuthorization();
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<MessageDto>>, ProblemHttpResult>> ListMessages(
        long id, [AsParameters] MessagesQuery query, ClaimsPrincipal user, MessageService messages, CancellationToken cancellationToken) =>
        (await messages.ListAsync(user.GetCaller(), id, query, cancellationToken)).ToOk();

    public static async Task<Results<Created<MessageDto>, ProblemHttpResult>> SendMessage(
        long id, SendMessageCommand command, ClaimsPrincipal user, MessageService messages, CancellationToken cancellationToken) =>
        (await messages.SendAsync(user.GetCaller(), id, command, cancellationToken)).ToCreated(message => $"/api/conversations/{id}/messages/{message.Id}");

    /// <summary>Beyond the contract: the original client calls it. The sender or an admin.</summary>
    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> DeleteMessage(
        long id, long messageId, ClaimsPrincipal user, MessageService messages, CancellationToken cancellationToken) =>
        ConversationsApi.ToMessage(await messages.DeleteAsync(user.GetCaller(), id, messageId, cancellationToken), "Message deleted");

    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> MarkConversationRead(
        long id, ClaimsPrincipal user, MessageService messages, CancellationToken cancellationToken) =>
        ConversationsApi.ToMessage(await messages.MarkDirectReadAsync(user.GetCaller(), id, cancellationToken), "Conversation marked as read");

    public static async Task<Ok<IReadOnlyList<MessageMentionDto>>> ListMyMentions(
        [AsParameters] MentionsQuery query, ClaimsPrincipal user, MessageService messages, CancellationToken cancellationToken) =>
        TypedResults.Ok(await messages.ListMentionsAsync(user.GetCaller(), query, cancellationToken));
}
