using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Infrastructure.Dependencies;

/// <summary>Token and ticket storage are strict: with Redis unreachable they raise, and the exception handler answers
/// that with 503 UNAVAILABLE (never a 500, never a silent success that would hand out a token nobody can use).</summary>
public sealed class StrictRedisStoreTests(UnreachableRedis redis) : IClassFixture<UnreachableRedis>
{
    public static TheoryData<string> Operations => ["start refresh family", "rotate refresh token", "blacklist", "revoke every refresh token", "issue ticket", "consume ticket"];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Strict_store_raises_and_the_handler_answers_503(string operation)
    {
        var tokens = new TokenStore(redis.Multiplexer);
        var tickets = new TicketStore(redis.Multiplexer);
        Func<Task> act = operation switch
        {
            "start refresh family" => () => tokens.StartFamilyAsync(7, "family", "jti"),
            "rotate refresh token" => () => tokens.RotateAsync(7, "family", "jti", "next"),
            "blacklist" => () => tokens.BlacklistAsync(7, "jti", TimeSpan.FromMinutes(1)),
            "revoke every refresh token" => () => tokens.RevokeAllAsync(7),
            "issue ticket" => () => tickets.IssueAsync(7, "jti", TicketStore.Lifetime),
            "consume ticket" => () => tickets.ConsumeAsync(new string('a', 64)),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        var exception = await Record.ExceptionAsync(act);

        Assert.NotNull(exception);
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails(o => o.CustomizeProblemDetails = ProblemResults.Customize).BuildServiceProvider(),
        };
        context.Response.Body = new MemoryStream();
        var handler = new UnhandledExceptionHandler(NullLogger<UnhandledExceptionHandler>.Instance,
            new DependencyFailureLog(TimeProvider.System, NullLogger<DependencyFailureLog>.Instance));
        await handler.TryHandleAsync(context, exception, CancellationToken.None);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var body = JsonDocument.Parse(context.Response.Body).RootElement;
        Assert.Equal("UNAVAILABLE", body.GetProperty("code").GetString());
    }
}
