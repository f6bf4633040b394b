using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sanctum.Api.Features.Sanctums;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Infrastructure.Dependencies;

/// <summary>Start-up never fails because Redis is down: the startup tasks run against the app's real database with an
/// unreachable Redis, as a replica starting during a Redis outage would, and complete (their cache invalidation is
/// best-effort).</summary>
[Collection(AppCollection.Name)]
public sealed class StartupWithoutRedisTests(SanctumAppFixture app) : IAsyncLifetime
{
    private readonly UnreachableRedis _redis = new();

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task Built_in_sanctums_and_the_root_admin_are_seeded_with_redis_unreachable()
    {
        var sanctums = new BuiltInSanctums(app.Database, new SanctumCache(_redis.Cache), NullLogger<BuiltInSanctums>.Instance);
        var statuses = new UserStatusCache(_redis.Multiplexer, new UserStatusStore(app.Database),
            new DependencyFailureLog(TimeProvider.System, NullLogger<DependencyFailureLog>.Instance));
        var rootAdmin = new RootAdminSeeder(new UserStore(app.Database), new UserCache(_redis.Cache), statuses,
            Options.Create(new RootAdminOptions { Enabled = true, Username = TestUsers.RootUsername, Email = TestUsers.RootEmail, Password = TestUsers.RootPassword }),
            new HostingEnvironment { EnvironmentName = "Development" }, NullLogger<RootAdminSeeder>.Instance);

        await sanctums.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await rootAdmin.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        await (await app.CreateClient().GetAsync("/api/sanctums/atrium")).ExpectJsonAsync(HttpStatusCode.OK);
        await app.LoginRootAsync();
    }
}
