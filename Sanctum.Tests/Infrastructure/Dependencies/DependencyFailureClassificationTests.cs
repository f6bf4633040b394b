using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Sanctum.Api.Infrastructure.Errors;
using StackExchange.Redis;

namespace Sanctum.Tests.Infrastructure.Dependencies;

/// <summary>Which exceptions are an outage (503 UNAVAILABLE) and which a defect (500), as the exception handler answers them.</summary>
public sealed class DependencyFailureClassificationTests
{
    private static readonly Dictionary<string, Func<Exception>> Exceptions = new()
    {
        ["redis connection"] = () => new RedisConnectionException(ConnectionFailureType.UnableToConnect, "No connection is available"),
        ["redis timeout"] = () => new RedisTimeoutException("Timeout performing GET", CommandStatus.Sent),
        ["redis generic"] = () => new RedisException("Redis failed"),
        ["redis loading"] = () => new RedisServerException("LOADING Redis is loading the dataset in memory"),
        ["redis out of memory"] = () => new RedisServerException("OOM command not allowed when used memory > 'maxmemory'."),
        ["redis wrong type"] = () => new RedisServerException("WRONGTYPE Operation against a key holding the wrong kind of value"),
        ["redis bad command"] = () => new RedisCommandException("Multi-key operations must involve a single slot"),
        ["npgsql pool exhausted"] = () => new NpgsqlException("The connection pool has been exhausted", new TimeoutException()),
        ["npgsql socket"] = () => new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)),
        ["npgsql stream"] = () => new NpgsqlException("Exception while reading from stream", new IOException("reset")),
        ["npgsql other"] = () => new NpgsqlException("Something else"),
        ["postgres connection failure 08006"] = () => Postgres("08006"),
        ["postgres cannot connect 08001"] = () => Postgres("08001"),
        ["postgres too many connections 53300"] = () => Postgres("53300"),
        ["postgres admin shutdown 57P01"] = () => Postgres("57P01"),
        ["postgres crash shutdown 57P02"] = () => Postgres("57P02"),
        ["postgres cannot connect now 57P03"] = () => Postgres("57P03"),
        ["postgres statement timeout 57014"] = () => Postgres("57014"),
        ["postgres unique violation 23505"] = () => Postgres("23505"),
        ["postgres syntax error 42601"] = () => Postgres("42601"),
        ["postgres serialization failure 40001"] = () => Postgres("40001"),
        ["timeout"] = () => new TimeoutException(),
        ["invalid operation"] = () => new InvalidOperationException("bug"),
    };

    public static TheoryData<string, int> Cases => new()
    {
        { "redis connection", 503 },
        { "redis timeout", 503 },
        { "redis generic", 503 },
        { "redis loading", 503 },
        { "redis out of memory", 503 },
        { "redis wrong type", 500 },
        { "redis bad command", 500 },
        { "npgsql pool exhausted", 503 },
        { "npgsql socket", 503 },
        { "npgsql stream", 503 },
        { "npgsql other", 500 },
        { "postgres connection failure 08006", 503 },
        { "postgres cannot connect 08001", 503 },
        { "postgres too many connections 53300", 503 },
        { "postgres admin shutdown 57P01", 503 },
        { "postgres crash shutdown 57P02", 503 },
        { "postgres cannot connect now 57P03", 503 },
        { "postgres statement timeout 57014", 503 },
        { "postgres unique violation 23505", 500 },
        { "postgres syntax error 42601", 500 },
        { "postgres serialization failure 40001", 500 },
        { "timeout", 503 },
        { "invalid operation", 500 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Exception_is_answered_with_its_status_and_the_problem_body(string kind, int status)
    {
        var logger = new ListLogger<DependencyFailureLog>();
        var handlerLogger = new ListLogger<UnhandledExceptionHandler>();
        var handler = new UnhandledExceptionHandler(handlerLogger, new DependencyFailureLog(TimeProvider.System, logger));
        var context = NewContext();

        Assert.True(await handler.TryHandleAsync(context, Exceptions[kind](), CancellationToken.None));

        Assert.Equal(status, context.Response.StatusCode);
        var body = await ReadBodyAsync(context);
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.Equal(status == 503 ? "UNAVAILABLE" : "INTERNAL_ERROR", body.GetProperty("code").GetString());
        Assert.Equal(status == 503 ? "Service temporarily unavailable" : "Internal server error", body.GetProperty("error").GetString());
        // Either way the failure is logged, once, as an error: an outage by the burst log, a defect by the handler.
        Assert.Single(status == 503 ? logger.Entries : handlerLogger.Entries, e => e.Level == LogLevel.Error);
    }

    [Fact]
    public void Every_case_is_covered() =>
        Assert.Equal(Exceptions.Keys.Order(), Cases.Select(row => (string)row[0]).Order());

    [Fact]
    public async Task A_burst_of_outage_requests_logs_one_line()
    {
        var logger = new ListLogger<DependencyFailureLog>();
        var handler = new UnhandledExceptionHandler(new ListLogger<UnhandledExceptionHandler>(), new DependencyFailureLog(TimeProvider.System, logger));

        for (var i = 0; i < 20; i++)
        {
            var context = NewContext();
            await handler.TryHandleAsync(context, Postgres("57P03"), CancellationToken.None);
            Assert.Equal(503, context.Response.StatusCode);
        }

        Assert.Single(logger.Entries);
    }

    [Fact]
    public async Task A_request_the_client_aborted_is_not_logged_as_an_error_nor_answered()
    {
        var logger = new ListLogger<DependencyFailureLog>();
        var handlerLogger = new ListLogger<UnhandledExceptionHandler>();
        var handler = new UnhandledExceptionHandler(handlerLogger, new DependencyFailureLog(TimeProvider.System, logger));
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        var context = NewContext();
        context.RequestAborted = aborted.Token;

        Assert.True(await handler.TryHandleAsync(context, new NpgsqlException("Exception while reading from stream", new TimeoutException()), CancellationToken.None));

        Assert.Equal(0, context.Response.Body.Length);
        Assert.DoesNotContain(logger.Entries.Concat(handlerLogger.Entries), e => e.Level >= LogLevel.Warning);
    }

    private static PostgresException Postgres(string sqlState) => new("message", "ERROR", "ERROR", sqlState);

    private static DefaultHttpContext NewContext()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails(o => o.CustomizeProblemDetails = ProblemResults.Customize).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services, TraceIdentifier = "req-1" };
        context.Request.Method = "GET";
        context.Request.Path = "/api/posts";
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static async Task<JsonElement> ReadBodyAsync(HttpContext context)
    {
        context.Response.Body.Position = 0;
        return JsonDocument.Parse(await new StreamReader(context.Response.Body).ReadToEndAsync()).RootElement;
    }
}
