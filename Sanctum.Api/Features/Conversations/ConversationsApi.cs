using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Features.Auth;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Conversations;

/// <summary>Conversations (contract 9): create or reuse, list, detail, add a participant, leave. Signed-in callers only.</summary>
public static class ConversationsApi
{
    public static RouteGroupBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/conversations").WithTags("Conversations").RequireAuthorization();

        group.MapPost("", CreateConversation).WithName(nameof(CreateConversation)).WithValidation<CreateConversationRequest>();
        group.MapGet("", ListConversations).WithName(nameof(ListConversations));
        group.MapGet("/{id}", GetConversation).WithName(nameof(GetConversation));
        group.MapPost("/{id}/participants", AddParticipant).WithName(nameof(AddParticipant)).WithValidation<AddParticipantRequest>();
        group.MapDelete("/{id}", LeaveConversation).WithName(nameof(LeaveConversation));
        return group;
    }

    /// <summary>201 with the conversation, also when an existing DM is reused (contract 9).</summary>
    public static async Task<Results<Created<ConversationDto>, ProblemHttpResult>> CreateConversation(
        CreateConversationRequest request, ClaimsPrincipal user, ConversationService conversations, CancellationToken cancellationToken) =>
        (await conversations.CreateAsync(user.GetCaller(), request, cancellationToken)).ToCreated(conversation => $"/api/conversations/{conversation.Id}");

    public static async Task<Ok<IReadOnlyList<ConversationDto>>> ListConversations(
        [AsParameters] ListPageQuery query, ClaimsPrincipal user, ConversationService conversations, CancellationToken cancellationToken) =>
        TypedResults.Ok(await conversations.ListAsync(user.GetCaller(), query, cancellationToken));

    public static async Task<Results<Ok<ConversationDto>, ProblemHttpResult>> GetConversation(
        long id, ClaimsPrincipal user, ConversationService conversations, CancellationToken cancellationToken) =>
        (await conversations.GetAsync(user.GetCaller(), id, cancellationToken)).ToOk();

    /// <summary>200 with the text body <c>OK</c> (contract 9).</summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> AddParticipant(
        long id, AddParticipantRequest request, ClaimsPrincipal user, ConversationService conversations, CancellationToken cancellationToken) =>
        (await conversations.AddParticipantAsync(user.GetCaller(), id, request.UserId!.Value, cancellationToken)).ToOkText();

    /// <summary>Removes only the caller (contract 9).</summary>
    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> LeaveConversation(
        long id, ClaimsPrincipal user, ConversationService conversations, CancellationToken cancellationToken) =>
        ToMessage(await conversations.LeaveAsync(user.GetCaller(), id, cancellationToken), "Conversation removed");

    internal static Results<Ok<MessageResponse>, ProblemHttpResult> ToMessage(Result result, string message) =>
        result.Error is { } error ? error.ToProblem() : TypedResults.Ok(new MessageResponse(message));
}
