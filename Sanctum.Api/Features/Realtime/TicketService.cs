using System.Globalization;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace Sanctum.Api.Features.Realtime;

public sealed record TicketResponse(string Ticket, int ExpiresIn);

/// <summary>
/// Single-use WebSocket tickets (contract 12.1): key <c>ws_ticket:&lt;64 hex&gt;</c> = user id, TTL 60 s,
/// consumed with GETDEL so a ticket authenticates exactly one handshake.
/// </summary>
public sealed class TicketService(IConnectionMultiplexer redis)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private static RedisKey Key(string ticket) => $"ws_ticket:{ticket}";

    public async Task<TicketResponse> IssueAsync(long userId)
    {
        var ticket = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await redis.GetDatabase().StringSetAsync(Key(ticket), userId.ToString(CultureInfo.InvariantCulture), Lifetime);
        return new TicketResponse(ticket, (int)Lifetime.TotalSeconds);
    }

    public async Task<long?> ConsumeAsync(string ticket)
    {
        if (ticket.Length != 64)
        {
            return null;
        }
        var value = await redis.GetDatabase().StringGetDeleteAsync(Key(ticket));
        return long.TryParse((string?)value, NumberStyles.None, CultureInfo.InvariantCulture, out var userId) ? userId : null;
    }
}
