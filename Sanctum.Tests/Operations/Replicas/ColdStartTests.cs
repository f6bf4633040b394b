using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Npgsql;
using Sanctum.Api.Features.Conversations;
using Sanctum.Api.Features.Sanctums;
using Sanctum.AppHost;
using Sanctum.AppHost.Infrastructure;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Operations.Replicas;

/// <summary>An app of its own: it must start from an empty database, which the shared one never is again.</summary>
[CollectionDefinition(Name)]
public sealed class ColdStartCollection
{
    public const string Name = "cold start";
}

/// <summary>
/// Three API replicas started at once against an empty database (issue 15): DbUp applies each migration once, the
/// built-in sanctums, the development root admin and the welcome bot are seeded once, no replica reports ready before
/// that is done, and no <c>/api</c> request is answered with a 500 meanwhile. Each replica is polled on its own address
/// from the moment its process runs.
/// </summary>
[Collection(ColdStartCollection.Name)]
public sealed class ColdStartTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>A poll that gets no answer in this time counts as unanswered (status 0), not as an answer.</summary>
    private static readonly TimeSpan PollRequestTimeout = TimeSpan.FromSeconds(5);

    private const int Replicas = 3;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private static readonly string[] Migrations = typeof(Sanctum.Api.Infrastructure.Http.StartupState).Assembly
        .GetManifestResourceNames().Where(name => name.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

    private sealed record Seeded(long Scripts, long DistinctScripts, long BuiltInSanctums, long BuiltInChatrooms, long RootAdmins, long WelcomeBots);

    [Fact]
    public async Task Three_replicas_on_an_empty_database_migrate_and_seed_once_and_are_ready_only_after()
    {
        using var timeout = new CancellationTokenSource(SanctumAppFixture.StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Sanctum_AppHost>(
            ["--Infra:Mode=local", "--Infra:Ephemeral=true", $"--{ApiReplicas.Key}={Replicas}"], timeout.Token);
        var api = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == ResourceNames.Api));
        foreach (var (name, value) in SanctumAppFixture.ApiSettings)
        {
            api.WithEnvironment(name, value);
        }
        await using var app = await builder.BuildAsync(timeout.Token);

        var statuses = new ConcurrentBag<(string Replica, string Path, int Status)>();
        var seededAtFirstReady = new ConcurrentDictionary<string, Seeded>();
        NpgsqlDataSource? database = null;
        using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var pollers = new ConcurrentDictionary<string, Task>();
        // Started before the app: a replica is polled as soon as it is running, before it can have migrated.
        var watching = Task.Run(async () =>
        {
            await foreach (var change in app.ResourceNotifications.WatchAsync(stopPolling.Token))
            {
                if (change.Resource.Name == ResourceNames.Api && DirectAddress(change.Snapshot) is { } address)
                {
                    _ = pollers.GetOrAdd(change.ResourceId, id => PollAsync(id, address));
                }
            }
        }, stopPolling.Token);

        async Task PollAsync(string replica, Uri address)
        {
            using var client = new HttpClient { BaseAddress = address, Timeout = PollRequestTimeout };
            client.DefaultRequestHeaders.Add("X-Forwarded-For", TestData.NextClientIp());
            while (!stopPolling.IsCancellationRequested)
            {
                try
                {
                    foreach (var path in new[] { "/api/sanctums", "/api/posts" })
                    {
                        using var response = await client.GetAsync(path, stopPolling.Token);
                        statuses.Add((replica, path, (int)response.StatusCode));
                    }
                    using var ready = await client.GetAsync("/health/ready", stopPolling.Token);
                    statuses.Add((replica, "/health/ready", (int)ready.StatusCode));
                    if (ready.StatusCode == HttpStatusCode.OK && !seededAtFirstReady.ContainsKey(replica) && database is not null)
                    {
                        seededAtFirstReady[replica] = await CountAsync(database, stopPolling.Token);
                    }
                }
                catch (HttpRequestException)
                {
                    // Running, but Kestrel is not listening yet.
                }
                catch (TaskCanceledException) when (!stopPolling.IsCancellationRequested)
                {
                    statuses.Add((replica, "(no answer)", 0));
                    output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {replica}: no answer within {PollRequestTimeout}");
                }
                catch (OperationCanceledException) when (stopPolling.IsCancellationRequested)
                {
                    return;
                }
                await Task.Delay(PollInterval, CancellationToken.None);
            }
        }

        try
        {
            await app.StartAsync(timeout.Token);
            database = NpgsqlDataSource.Create(await app.GetConnectionStringAsync(ResourceNames.Database, timeout.Token)
                ?? throw new InvalidOperationException("The app has no database connection string."));
            var addresses = await ApiReplicaEndpoints.WaitForReadyAsync(app, Replicas, timeout.Token);
            Assert.Equal(Replicas, addresses.Count);
            // Every poller has seen its replica ready (and counted), and then answer a few more rounds.
            while (seededAtFirstReady.Count < Replicas)
            {
                await Task.Delay(PollInterval, timeout.Token);
            }
            await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
        }
        finally
        {
            await stopPolling.CancelAsync();
            await Task.WhenAll(pollers.Values);
            await watching.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await using (database)
        {
            var final = await CountAsync(database!, timeout.Token);
            Assert.Equal(new Seeded(Migrations.Length, Migrations.Length, BuiltInSanctums.All.Count, BuiltInSanctums.All.Count, 1, 1), final);
            Assert.Equal(Migrations, (await ScriptsAsync(database!, timeout.Token)).Order(StringComparer.Ordinal));
            // Ready only after the work was done: what any replica saw right after its first 200 is already the final state.
            Assert.Equal(Replicas, seededAtFirstReady.Count);
            Assert.All(seededAtFirstReady.Values, seen => Assert.Equal(final, seen));
        }

        Assert.Equal(Replicas, pollers.Count);
        foreach (var group in statuses.GroupBy(status => (status.Replica, status.Path, status.Status)).OrderBy(group => group.Key.ToString(), StringComparer.Ordinal))
        {
            output.WriteLine($"{group.Key.Replica} {group.Key.Path} {group.Key.Status}: {group.Count()}");
        }
        var api500 = statuses.Where(status => status.Status >= 500 && status.Path.StartsWith("/api", StringComparison.Ordinal) && status.Status != 503).ToList();
        Assert.True(api500.Count == 0, $"API answers of 5xx other than 503 during startup: {string.Join(", ", api500)}");
        // Before it is ready a replica answers /api with 503 "starting", after with 200: nothing else.
        Assert.All(statuses.Where(status => status.Path.StartsWith("/api", StringComparison.Ordinal)), status => Assert.Contains(status.Status, new[] { 200, 503 }));
        // The polling did catch the replicas starting (else it proved nothing about startup) and saw them serve.
        Assert.Contains(statuses, status => status.Path == "/health/ready" && status.Status == 503);
        Assert.All(pollers.Keys, replica => Assert.Contains(statuses, status => status.Replica == replica && status.Path == "/api/sanctums" && status.Status == 200));
    }

    private static async Task<Seeded> CountAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            SELECT (SELECT count(*) FROM schemaversions),
                   (SELECT count(DISTINCT scriptname) FROM schemaversions),
                   (SELECT count(*) FROM sanctums WHERE slug = ANY(@slugs)),
                   (SELECT count(*) FROM conversations c JOIN sanctums s ON s.id = c.sanctum_id WHERE s.slug = ANY(@slugs)),
                   (SELECT count(*) FROM users WHERE lower(email) = lower(@root)),
                   (SELECT count(*) FROM users WHERE lower(username) = lower(@bot))
            """);
        command.Parameters.AddWithValue("slugs", BuiltInSanctums.All.Select(sanctum => sanctum.Slug).ToArray());
        command.Parameters.AddWithValue("root", TestUsers.RootEmail);
        command.Parameters.AddWithValue("bot", WelcomeBot.Username);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Seeded(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }

    private static async Task<List<string>> ScriptsAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT scriptname FROM schemaversions");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var scripts = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            scripts.Add(reader.GetString(0));
        }
        return scripts;
    }

    /// <summary>The replica's own address (see <see cref="ApiReplicaEndpoints"/>), once DCP has given it a port.</summary>
    private static Uri? DirectAddress(CustomResourceSnapshot snapshot)
    {
        var urls = snapshot.EnvironmentVariables.FirstOrDefault(variable => variable.Name == "ASPNETCORE_URLS")?.Value;
        var http = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(url => url.StartsWith("http://", StringComparison.Ordinal));
        return http is not null && Uri.TryCreate(http, UriKind.Absolute, out var address) && address.Port > 0 ? address : null;
    }
}
