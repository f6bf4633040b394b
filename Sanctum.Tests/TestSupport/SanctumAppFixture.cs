using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Npgsql;
using StackExchange.Redis;
using Sanctum.AppHost;
using Sanctum.AppHost.Infrastructure;

namespace Sanctum.Tests.TestSupport;

/// <summary>
/// Starts the whole app from the AppHost once per test run, with throwaway local Postgres and Redis.
/// Rate limits are on, with the contract's policies except where noted below; each test client sends its
/// own X-Forwarded-For address, so per-IP limits are per client.
/// </summary>
public sealed class SanctumAppFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The global per-client limit the tests run with (the contract's is 100 per minute).</summary>
    public const int GlobalLimit = 300;

    /// <summary>Test overrides of the contract's limits, high enough for tests that write several times as one user.</summary>
    public static readonly IReadOnlyDictionary<string, string> ApiSettings = new Dictionary<string, string>
    {
        ["RateLimits__Enabled"] = "true",
        ["RateLimits__Policies__create_comment__Limit"] = "5",
        ["RateLimits__Policies__create_post__Limit"] = "20",
        ["RateLimits__Policies__send_chat__Limit"] = "40",
        // Above what any test sends from one client, low enough for GlobalRateLimitTests to pass it quickly.
        ["RateLimits__Global__Limit"] = GlobalLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Several builds share this machine's two cores, and Redis has been seen taking 1.7 s to answer under that
        // load. A stopped Redis still fails at once (the client fails fast while disconnected).
        ["Redis__TimeoutMs"] = "5000",
        // A stalled test client is then dropped by its outbound queue (SlowConsumerTests), not by the write clock.
        ["Realtime__WriteTimeout"] = "00:00:30",
        ["Images__Directory"] = Path.Combine(Path.GetTempPath(), $"sanctum-test-media-{Guid.NewGuid():N}"),
        ["FeatureFlags__Flags"] = " New_Feed = ON ,beta=50%,none=0%,all=100%,off_flag=off,junk,=x,odd=maybe",
    };

    /// <summary>How many API processes the tests run: two, so every test also crosses replicas through the proxy.</summary>
    public const int Replicas = 2;

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>The API's endpoint: Aspire's proxy, which spreads connections over the replicas.</summary>
    public Uri ApiBaseAddress { get; private set; } = null!;

    /// <summary>Each replica's own address, bypassing the proxy, in the same order for the whole run.</summary>
    public IReadOnlyList<Uri> ReplicaAddresses { get; private set; } = [];

    /// <summary>The app's database, for <see cref="TestDatabase"/>.</summary>
    public NpgsqlDataSource Database { get; private set; } = null!;

    /// <summary>The app's Redis (admin commands allowed), for asserting keys and server settings no route exposes.</summary>
    public ConnectionMultiplexer Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Sanctum_AppHost>(
            ["--Infra:Mode=local", "--Infra:Ephemeral=true", $"--{ApiReplicas.Key}={Replicas}"], cts.Token).WaitAsync(StartTimeout);
        var api = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == ResourceNames.Api));
        foreach (var (name, value) in ApiSettings)
        {
            api.WithEnvironment(name, value);
        }

        _app = await builder.BuildAsync(cts.Token).WaitAsync(StartTimeout);
        await _app.StartAsync(cts.Token).WaitAsync(StartTimeout);
        // Each replica first: the resource's own health check goes through the proxy and says nothing of a replica
        // that stopped, and a replica that stops fails the start here with its log.
        ReplicaAddresses = await ApiReplicaEndpoints.WaitForReadyAsync(_app, Replicas, cts.Token).WaitAsync(StartTimeout);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Api, cts.Token).WaitAsync(StartTimeout);
        ApiBaseAddress = _app.GetEndpoint(ResourceNames.Api, "http");
        Database = NpgsqlDataSource.Create(await _app.GetConnectionStringAsync(ResourceNames.Database, cts.Token)
            ?? throw new InvalidOperationException("The app has no database connection string."));
        var redis = ConfigurationOptions.Parse(await _app.GetConnectionStringAsync(ResourceNames.Cache, cts.Token)
            ?? throw new InvalidOperationException("The app has no cache connection string."));
        redis.AllowAdmin = true;
        Redis = await ConnectionMultiplexer.ConnectAsync(redis).WaitAsync(StartTimeout);
    }

    public async Task DisposeAsync()
    {
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }
        if (_app is not null)
        {
            await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await _app.DisposeAsync();
        }
    }

    /// <summary>A client with its own client IP and no credentials, through the proxy (any replica may answer).</summary>
    public HttpClient CreateClient() => CreateClient(ApiBaseAddress);

    /// <summary>Like <see cref="CreateClient()"/>, but every request goes straight to replica
    /// <paramref name="replica"/> (an index into <see cref="ReplicaAddresses"/>).</summary>
    public HttpClient CreateClient(int replica) => CreateClient(ReplicaAddresses[replica]);

    private static HttpClient CreateClient(Uri baseAddress)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = RequestTimeout,
        };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", TestData.NextClientIp());
        return client;
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<SanctumAppFixture>
{
    public const string Name = "app";
}
