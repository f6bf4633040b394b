using System.Net.Sockets;
using Npgsql;
using StackExchange.Redis;

namespace Sanctum.Api.Infrastructure.Errors;

/// <summary>
/// The one decision of which exceptions mean "a dependency is down or overloaded" (answered 503) rather than a
/// defect (answered 500). Only connection-level failures, timeouts and exhausted capacity count: a bad query, a
/// constraint violation or a Redis type error is a bug and stays a 500.
/// </summary>
public static class DependencyFailures
{
    public const string Redis = "Redis";
    public const string PostgreSql = "PostgreSQL";

    /// <summary>Redis error prefixes that say the server cannot serve now, not that the command was wrong.</summary>
    private static readonly string[] RedisUnavailablePrefixes = ["LOADING", "BUSY", "OOM", "READONLY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN"];

    /// <summary>The failing dependency's name when <paramref name="exception"/> means it is unavailable, else null.</summary>
    public static string? Classify(Exception exception) => exception switch
    {
        RedisTimeoutException => Redis,
        RedisConnectionException => Redis,
        RedisServerException server => IsRedisUnavailable(server) ? Redis : null,
        RedisException => Redis,
        PostgresException postgres => IsPostgresUnavailable(postgres.SqlState) ? PostgreSql : null,
        // Client-side failures: connect or pool-wait timeout ("The connection pool has been exhausted"), broken socket,
        // command timeout. Npgsql marks those transient by their inner IOException/SocketException/TimeoutException.
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or TimeoutException ? PostgreSql : null,
        TimeoutException => "A dependency (timeout)",
        _ => null,
    };

    /// <summary>SQLSTATEs of a server that is unreachable, full, shutting down or cut a statement short.</summary>
    public static bool IsPostgresUnavailable(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) // connection exception class
        || sqlState is PostgresErrorCodes.TooManyConnections // 53300
            or PostgresErrorCodes.AdminShutdown // 57P01
            or PostgresErrorCodes.CrashShutdown // 57P02
            or PostgresErrorCodes.CannotConnectNow // 57P03
            or PostgresErrorCodes.QueryCanceled; // 57014: statement_timeout (a client's own cancellation surfaces as OperationCanceledException)

    private static bool IsRedisUnavailable(RedisServerException exception) =>
        RedisUnavailablePrefixes.Any(prefix => exception.Message.StartsWith(prefix, StringComparison.Ordinal));
}
