using Sanctum.Api.Infrastructure.Auth;

namespace Sanctum.Api.Features.Realtime;

public sealed record TicketResponse(string Ticket, int ExpiresIn);

/// <summary>Issues the WebSocket tickets of contract 12.1; storage and consumption live in <see cref="TicketStore"/>.</summary>
public sealed class TicketService(TicketStore tickets, TimeProvider clock)
{
    /// <summary>A ticket for 60 seconds, or for what is left of the session's access token if that is less.</summary>
    public async Task<TicketResponse> IssueAsync(AccessSession session)
    {
        var left = session.Expires - clock.GetUtcNow();
        var lifetime = TimeSpan.FromSeconds(Math.Clamp(Math.Floor(left.TotalSeconds), 1, TicketStore.Lifetime.TotalSeconds));
        return new(await tickets.IssueAsync(session.UserId, session.TokenId, lifetime), (int)lifetime.TotalSeconds);
    }
}
