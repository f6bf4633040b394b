using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Reactions;

/// <summary>Message reactions (contract 9), under the conversation's messages.</summary>
public static class ReactionsApi
{
    public static RouteGroupBuilder MapReactionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/conversations/{id}/messages/{messageId}/reactions").WithTags("Reactions").RequireAuthorization();

        group.MapPost("", AddMessageReaction).WithName(nameof(AddMessageReaction)).WithValidation<AddReactionRequest>();
        group.MapDelete("", RemoveMessageReaction).WithName(nameof(RemoveMessageReaction)).WithValidation<RemoveReactionQuery>();
        return group;
    }

    public static async Task<Results<Ok<MessageReactionsDto>, ProblemHttpResult>> AddMessageReaction(
        long id, long messageId, AddReactionRequest request, ClaimsPrincipal user, ReactionService reactions, CancellationToken cancellationToken) =>
        (await reactions.AddAsync(user.GetCaller(), id, messageId, request.Trimmed, cancellationToken)).ToOk();

    public static async Task<Results<Ok<MessageReactionsDto>, ProblemHttpResult>> RemoveMessageReaction(
        long id, long messageId, [AsParameters] RemoveReactionQuery query, ClaimsPrincipal user, ReactionService reactions,
        CancellationToken cancellationToken) =>
        (await reactions.RemoveAsync(user.GetCaller(), id, messageId, query.Trimmed, cancellationToken)).ToOk();
}
