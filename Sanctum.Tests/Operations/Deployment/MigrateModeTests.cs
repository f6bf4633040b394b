using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Http;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Operations.Deployment;

/// <summary>
/// <c>Database:Migrate</c> as the Kubernetes manifests use it: a serving pod (<c>skip</c>) started before the migration
/// Job (<c>only</c>) creates nothing and stays unready until the Job has applied every script and finished its startup
/// tasks; the Job then stops its process without ever reporting ready. Runs the real initializer against a fresh database
/// of the fixture's PostgreSQL server, with a startup task the test holds open.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class MigrateModeTests(SanctumAppFixture app) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly string _database = "ops_migrate_" + Guid.NewGuid().ToString("N")[..12];
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        await app.ExecuteSqlAsync($"CREATE DATABASE {_database}");
        _connectionString = new NpgsqlConnectionStringBuilder(app.Database.ConnectionString) { Database = _database }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await app.ExecuteSqlAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    [Fact]
    public async Task A_skip_pod_waits_for_the_migrate_only_job_which_exits_without_serving()
    {
        var embedded = typeof(DatabaseInitializer).Assembly.GetManifestResourceNames().Count(name => name.EndsWith(".sql", StringComparison.Ordinal));
        Assert.True(embedded > 0);

        var pod = Start(MigrateMode.Skip, []);
        await Task.Delay(TimeSpan.FromSeconds(3)); // a few polls of the pod
        Assert.False(pod.State.IsReady);
        Assert.False(pod.Lifetime.Stopped.Task.IsCompleted);
        Assert.Null(await ScalarAsync<string?>("SELECT to_regclass('schemaversions')::text")); // it ran no DDL

        var seeding = new HeldStartupTask();
        var job = Start(MigrateMode.Only, [seeding]);
        await seeding.Started.Task.WaitAsync(Wait);
        // Every script is in the journal, but the job still holds the lock while it seeds: the pod must not serve yet.
        Assert.Equal(embedded, await ScalarAsync<long>("SELECT count(*) FROM schemaversions"));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(pod.State.IsReady);

        seeding.Release.SetResult();
        await job.Lifetime.Stopped.Task.WaitAsync(Wait);
        Assert.False(job.State.IsReady);
        await job.Initializer.ExecuteTask!.WaitAsync(Wait);

        await pod.ReadyAsync(Wait);
        Assert.False(pod.Lifetime.Stopped.Task.IsCompleted);
        await pod.Initializer.StopAsync(CancellationToken.None);
        Assert.Equal(embedded, await ScalarAsync<long>("SELECT count(*) FROM schemaversions")); // nothing applied twice
    }

    [Fact]
    public async Task Migrate_only_on_a_migrated_database_runs_the_startup_tasks_again_and_stops()
    {
        var first = Start(MigrateMode.Only, []);
        await first.Lifetime.Stopped.Task.WaitAsync(Wait);
        var seeding = new HeldStartupTask();
        seeding.Release.SetResult();
        var again = Start(MigrateMode.Only, [seeding]);
        await again.Lifetime.Stopped.Task.WaitAsync(Wait);
        Assert.True(seeding.Started.Task.IsCompleted);
        Assert.False(again.State.IsReady);
    }

    private Instance Start(MigrateMode mode, IEnumerable<IStartupTask> tasks)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:db"] = _connectionString })
            .Build();
        var state = new StartupState();
        var lifetime = new RecordingLifetime();
        var initializer = new DatabaseInitializer(configuration,
            Options.Create(new DatabaseOptions { Migrate = mode, SchemaPollSeconds = 1 }),
            tasks, state, lifetime, NullLogger<DatabaseInitializer>.Instance);
        initializer.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return new Instance(initializer, state, lifetime);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? default! : (T)value!;
    }

    private sealed record Instance(DatabaseInitializer Initializer, StartupState State, RecordingLifetime Lifetime)
    {
        public async Task ReadyAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            while (!State.IsReady)
            {
                Assert.False(Lifetime.Stopped.Task.IsCompleted, "the skip pod stopped instead of waiting");
                await Task.Delay(200, cts.Token);
            }
        }
    }

    private sealed class HeldStartupTask : IStartupTask
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
        }
    }

    private sealed class RecordingLifetime : IHostApplicationLifetime
    {
        public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() => Stopped.TrySetResult();
    }
}
