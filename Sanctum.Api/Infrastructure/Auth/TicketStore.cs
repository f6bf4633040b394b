using System.Globalization;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace Sanctum.Api.Infrastructure.Auth;

/// <summary>
/// Single-use WebSocket tickets (contract 12.1): key <c>ws_ticket:&lt;64 hex&gt;</c> = user id, TTL 60 s,
/// consumed with GETDEL so a ticket authenticates exactly one handshake; nothing else invalidates it.
/// Strict: a Redis failure is raised (the exception handler answers 503), never read as "no ticket".
/// </summary>
public sealed class TicketStore(IConnectionMultiplexer redis)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private const int TicketLength = 64;

    private static RedisKey Key(string ticket) => $"ws_ticket:{ticket}";

    /// <summary>Stores a new ticket for the user and returns it (64 lowercase hex characters).</summary>
    public async Task<string> IssueAsync(long userId)
    {
        var ticket = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(TicketLength / 2));
        await redis.GetDatabase().StringSetAsync(Key(ticket), userId.ToString(CultureInfo.InvariantCulture), Lifetime);
        return ticket;
    }

    /// <summary>The ticket's user id, deleting the ticket; null when it is malformed, expired or already used.</summary>
    public async Task<long?> ConsumeAsync(string ticket)
    {
        if (ticket.Length != TicketLength)
        {
            return null;
        }
        var value = await redis.GetDatabase().StringGetDeleteAsync(Key(ticket));
        return long.TryParse((string?)value, NumberStyles.None, CultureInfo.InvariantCulture, out var userId) ? userId : null;
    }
}
