using System.Diagnostics;
using System.Net.Sockets;
using System.Reflection;
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
        InvalidOperationException when IsRedisConnectionTornDown(exception) => Redis,
        PostgresException postgres => IsPostgresUnavailable(postgres.SqlState) ? PostgreSql : null,
        // Client-side failures: connect or pool-wait timeout ("The connection pool has been exhausted"), broken socket,
        // command timeout. Npgsql marks those transient by their inner IOException/SocketException/TimeoutException.
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or TimeoutException ? PostgreSql : null,
        TimeoutException => "A dependency (timeout)",
        // Reaches the exception handler only when the client did not go away (the handler checks that first): a
        // dependency gave up on the call (StackExchange.Redis cancels pending commands when its connection fails).
        OperationCanceledException when IsUncausedCancellation(exception) => "A dependency (cancelled)",
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

    /// <summary>
    /// A Redis call failed because Redis is unreachable, slow or refusing: the test every fail-open/closed decision on
    /// Redis uses (caches, rate limits, revocation, presence, the bus). A command the client refuses to build
    /// (<see cref="RedisCommandException"/>, not a <see cref="RedisException"/>) is a defect and is not one.
    /// </summary>
    public static bool IsRedisFailure(Exception exception) =>
        exception is TimeoutException or RedisException || IsRedisConnectionTornDown(exception) || IsUncausedCancellation(exception);

    /// <summary>
    /// A cancellation nobody asked for: its token was never cancelled. StackExchange.Redis takes no cancellation
    /// token, yet cancels the commands pending on a connection that failed (the Redis drill, bench/drill: a
    /// <see cref="TaskCanceledException"/> out of cache reads and out of the presence reaper, whose escape stopped the
    /// host, so a Redis outage took every replica down). Cancelled by the request's own token (the client went away) or
    /// by a stopping host, it is not this.
    /// </summary>
    public static bool IsUncausedCancellation(Exception exception) =>
        exception is OperationCanceledException { CancellationToken.IsCancellationRequested: false } && exception.InnerException is null;

    private static readonly Assembly RedisClient = typeof(IConnectionMultiplexer).Assembly;

    /// <summary>
    /// A command written while StackExchange.Redis tears down a connection that just died: the client's write path
    /// hits the socket pipe it has already completed and the pipe's <see cref="InvalidOperationException"/>
    /// ("Writing is not allowed after writer was completed") reaches the caller instead of a
    /// <see cref="RedisConnectionException"/>. The Redis drill (bench/drill) saw it on about one request in a thousand
    /// in the first second after Redis was killed, answered 500. Recognised by where it was thrown (inside the Redis
    /// client), never by its message; any other <see cref="InvalidOperationException"/> stays a defect.
    /// </summary>
    public static bool IsRedisConnectionTornDown(Exception exception) =>
        exception is InvalidOperationException and not ObjectDisposedException && IsThrownInside(exception, RedisClient);

    /// <summary>Whether a frame of <paramref name="exception"/>'s stack trace (async continuations included) is a method
    /// of <paramref name="assembly"/>.</summary>
    public static bool IsThrownInside(Exception exception, Assembly assembly) =>
        new StackTrace(exception, fNeedFileInfo: false).GetFrames().Any(frame => frame.GetMethod()?.DeclaringType?.Assembly == assembly);

    private static bool IsRedisUnavailable(RedisServerException exception) =>
        RedisUnavailablePrefixes.Any(prefix => exception.Message.StartsWith(prefix, StringComparison.Ordinal));
}
