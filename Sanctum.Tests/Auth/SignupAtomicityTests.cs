using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Sanctum.Api.Features.Auth;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.RateLimiting;
using Sanctum.Tests.TestSupport;
using StackExchange.Redis;

namespace Sanctum.Tests.Auth;

/// <summary>
/// Signup never leaves a user row without its session: the insert commits only after the refresh token is stored.
/// The service runs against the app's database and a Redis that cannot be reached.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SignupAtomicityTests(SanctumAppFixture app) : IAsyncLifetime
{
    private readonly UnreachableRedis _unreachable = new();

    public async Task InitializeAsync()
    {
        // As the app sets it at startup (InfrastructureSetup), so the stores map snake_case columns.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        await _unreachable.InitializeAsync();
    }

    public async Task DisposeAsync() => await _unreachable.DisposeAsync();

    [Fact]
    public async Task A_failed_token_write_rolls_the_user_back_so_the_retry_succeeds()
    {
        var username = TestData.Username();
        var request = new SignupRequest(username, $"{username}@example.com", TestData.Password);

        await Assert.ThrowsAnyAsync<RedisException>(() => AuthServiceWithoutRedis().SignupAsync(request, CancellationToken.None));

        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM users WHERE username = @username",
            new NpgsqlParameter("username", username)));
        var retry = await app.CreateClient().PostAsJsonAsync("/api/auth/signup", new { username, email = request.Email, password = request.Password });
        await retry.ExpectJsonAsync(HttpStatusCode.Created);
    }

    private AuthService AuthServiceWithoutRedis()
    {
        var jwt = Options.Create(new JwtOptions { SigningKey = new string('k', 64) });
        var failures = new DependencyFailureLog(TimeProvider.System, NullLogger<DependencyFailureLog>.Instance);
        var statuses = new UserStatusStore(app.Database);
        var users = new UserService(new UserStore(app.Database), new UserCache(_unreachable.Cache),
            new UserStatusCache(_unreachable.Multiplexer, statuses, failures), Options.Create(new RootAdminOptions()),
            new HostingEnvironment { EnvironmentName = "Production" });
        return new AuthService(users, statuses, new TokenFactory(jwt, TimeProvider.System), new TokenStore(_unreachable.Multiplexer),
            new LoginAttemptLimiter(new RedisRateLimiter(_unreachable.Multiplexer, Options.Create(new RateLimitOptions { Enabled = false }), failures)),
            TimeProvider.System, new PasswordHashing(Options.Create(new PasswordHashingOptions())));
    }
}
