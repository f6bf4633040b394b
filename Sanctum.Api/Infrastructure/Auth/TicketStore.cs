using System.Globalization;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace Sanctum.Api.Infrastructure.Auth;

/// <summary>What a consumed ticket stands for: the user, and the access token (<c>jti</c>) it was issued to.</summary>
public sealed record TicketGrant(long UserId, string? TokenId);

/// <summary>
/// Single-use WebSocket tickets (contract 12.1): key <c>ws_ticket:&lt;64 hex&gt;</c> = <c>&lt;userId&gt;:&lt;jti&gt;</c> (the
/// contract stores the user id alone; the issuing token's id is added so that logging out also disarms the tickets
/// the session issued), TTL 60 s or what is left of the issuing token's life if that is shorter (an expired session
/// cannot open a socket). Consumed with GETDEL, so a ticket authenticates exactly one handshake.
/// Strict: a Redis failure is raised (the exception handler answers 503), never read as "no ticket".
/// </summary>
public sealed class TicketStore(IConnectionMultiplexer redis)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private const int TicketLength = 64;

    private static RedisKey Key(string ticket) => $"ws_ticket:{ticket}";

    /// <summary>Stores a new ticket for the user's session and returns it (64 lowercase hex characters).</summary>
    public async Task<string> IssueAsync(long userId, string tokenId, TimeSpan lifetime)
    {
        var ticket = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(TicketLength / 2));
        await redis.GetDatabase().StringSetAsync(Key(ticket), $"{userId.ToString(CultureInfo.InvariantCulture)}:{tokenId}", lifetime);
        return ticket;
    }

    /// <summary>What the ticket grants, deleting the ticket; null when it is malformed, expired or already used.</summary>
    public async Task<TicketGrant?> ConsumeAsync(string ticket)
    {
        if (ticket.Length != TicketLength)
        {
            return null;
        }
        var value = (string?)await redis.GetDatabase().StringGetDeleteAsync(Key(ticket));
        var separator = value?.IndexOf(':') ?? -1;
        var userText = separator < 0 ? value : value![..separator];
        return long.TryParse(userText, NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            ? new TicketGrant(userId, separator < 0 ? null : value![(separator + 1)..])
            : null;
    }
}
