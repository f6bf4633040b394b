using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Infrastructure.Auth;

namespace Sanctum.Api.Features.Realtime;

public static class TicketApi
{
    public static IEndpointRouteBuilder MapTicketApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/ws/ticket", IssueTicket)
            .WithTags("Realtime")
            .WithName(nameof(IssueTicket))
            .WithSummary("Issue a single-use WebSocket ticket valid for 60 seconds")
            .RequireAuthorization()
            .WithNoStore();
        return app;
    }

    public static async Task<Ok<TicketResponse>> IssueTicket(ClaimsPrincipal user, TicketService tickets) =>
        TypedResults.Ok(await tickets.IssueAsync(user.GetAccessSession()));
}
