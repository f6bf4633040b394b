using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Infrastructure.Dependencies;

/// <summary>PostgreSQL down while a request authenticates: the token is not accepted, nothing is thrown for the bearer
/// handler to log on every request, and a route that needs a user answers 503 UNAVAILABLE (not 401, not 500).</summary>
public sealed class AuthenticationDuringOutageTests(UnreachableRedis redis) : IClassFixture<UnreachableRedis>
{
    private static readonly AuthenticationScheme Scheme = new(JwtBearerDefaults.AuthenticationScheme, null, typeof(JwtBearerHandler));

    [Fact]
    public async Task A_valid_token_with_the_database_down_fails_softly_and_the_challenge_is_503()
    {
        await using var unreachableDb = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=x;Timeout=1");
        var failures = new DependencyFailureLog(TimeProvider.System, NullLogger<DependencyFailureLog>.Instance);
        using var statuses = new UserStatusCache(redis.Multiplexer, new UserStatusStore(unreachableDb), failures);
        var events = new SanctumJwtBearerEvents(new TicketStore(redis.Multiplexer), statuses, failures);
        var http = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails(o => o.CustomizeProblemDetails = ProblemResults.Customize).BuildServiceProvider(),
        };
        http.Response.Body = new MemoryStream();
        var token = new TokenValidatedContext(http, Scheme, new JwtBearerOptions())
        {
            Principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(SanctumClaims.Subject, "7"), new Claim(SanctumClaims.TokenId, "jti")], "test")),
        };

        await events.TokenValidated(token);
        await events.Challenge(new JwtBearerChallengeContext(http, Scheme, new JwtBearerOptions(), new AuthenticationProperties()));

        Assert.NotNull(token.Result);
        Assert.False(token.Result.Succeeded);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        http.Response.Body.Position = 0;
        Assert.Equal("UNAVAILABLE", JsonDocument.Parse(http.Response.Body).RootElement.GetProperty("code").GetString());
    }
}
