using Sanctum.Api.Infrastructure.Auth;

namespace Sanctum.Api.Features.Realtime;

public sealed record TicketResponse(string Ticket, int ExpiresIn);

/// <summary>Issues the WebSocket tickets of contract 12.1; storage and consumption live in <see cref="TicketStore"/>.</summary>
public sealed class TicketService(TicketStore tickets)
{
    public async Task<TicketResponse> IssueAsync(long userId) =>
        new(await tickets.IssueAsync(userId), (int)TicketStore.Lifetime.TotalSeconds);
}
