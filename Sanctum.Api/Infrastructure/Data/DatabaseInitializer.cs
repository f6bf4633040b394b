using DbUp;
using DbUp.Engine.Output;
using Microsoft.Extensions.Options;
using Npgsql;
using Sanctum.Api.Infrastructure.Http;

namespace Sanctum.Api.Infrastructure.Data;

/// <summary>
/// Applies the embedded, numbered SQL migrations with DbUp, then the startup tasks, then marks the API ready.
/// A failure stops the application: serving on a half-migrated schema would be worse than not serving.
/// Replicas start together against one database, so each holds a session-level advisory lock while it migrates and
/// seeds: they run one after another (the later ones find nothing left to do) instead of racing on the same DDL.
/// <c>Database:Migrate</c> (<see cref="MigrateMode"/>) moves that work into a migration Job: <c>only</c> migrates, seeds
/// and exits; <c>skip</c> never runs DDL and reports ready once the journal shows every script applied.
/// </summary>
internal sealed class DatabaseInitializer(
    IConfiguration configuration,
    IOptions<DatabaseOptions> options,
    IEnumerable<IStartupTask> startupTasks,
    StartupState state,
    IHostApplicationLifetime lifetime,
    ILogger<DatabaseInitializer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var mode = options.Value.Migrate;
        try
        {
            if (mode == MigrateMode.Skip)
            {
                await WaitForSchemaAsync(stoppingToken);
            }
            else
            {
                await using (await LockAsync(stoppingToken))
                {
                    Migrate();
                    foreach (var task in startupTasks)
                    {
                        await task.RunAsync(stoppingToken);
                    }
                }
            }
            if (mode == MigrateMode.Only)
            {
                // Never marked ready: nothing is served, and the background workers that wait for readiness never start.
                logger.LogInformation("Database migrated (Database:Migrate=only); stopping");
                lifetime.StopApplication();
                return;
            }
            state.MarkReady();
            logger.LogInformation("Database ready");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Database initialization cancelled by shutdown");
        }
        catch (Exception ex)
        {
            logger.LogCritical(ex, "Database initialization failed; stopping the application");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    /// <summary>
    /// <c>skip</c>: polls until the journal lists every embedded script and the initialization lock is free (a migration
    /// Job holds it while it migrates and seeds, so a pod does not serve between the last script and the seeds). Until
    /// then <c>/health/ready</c> answers 503 and the API's routes "Service is starting". A database that cannot be
    /// reached is waited for too, with a warning, rather than stopping the pod.
    /// </summary>
    private async Task WaitForSchemaAsync(CancellationToken cancellationToken)
    {
        var poll = TimeSpan.FromSeconds(options.Value.SchemaPollSeconds);
        var lastReport = DateTime.MinValue;
        while (true)
        {
            string? waitingFor;
            try
            {
                waitingFor = await SchemaPendingAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                waitingFor = $"the database ({ex.Message})";
            }
            if (waitingFor is null)
            {
                return;
            }
            if (DateTime.UtcNow - lastReport >= TimeSpan.FromSeconds(30))
            {
                lastReport = DateTime.UtcNow;
                logger.LogWarning("Database:Migrate=skip: not ready, waiting for {WaitingFor}", waitingFor);
            }
            await Task.Delay(poll, cancellationToken);
        }
    }

    /// <summary>What the schema still lacks, or null when it is complete and nobody is migrating.</summary>
    private async Task<string?> SchemaPendingAsync(CancellationToken cancellationToken)
    {
        var pending = Upgrader(quiet: true).GetScriptsToExecute();
        if (pending.Count > 0)
        {
            return $"{pending.Count} migration(s) to be applied by the migration job, first {pending[0].Name}";
        }
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        // Takes the lock only if it is free, and gives it back at once (CASE evaluates in order).
        await using var command = new NpgsqlCommand(
            "SELECT CASE WHEN pg_try_advisory_lock(@key) THEN pg_advisory_unlock(@key) ELSE false END", connection);
        command.Parameters.AddWithValue("key", InitializationLockKey);
        var free = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        return free ? null : "the migration job, which holds the initialization lock";
    }

    /// <summary>Any fixed key, the same in every replica.</summary>
    private const long InitializationLockKey = 0x53414e4354554d;

    /// <summary>The lock lives as long as its session: the connection is kept out of the pool, so disposing it
    /// (or the process dying) ends the session and releases the lock.</summary>
    private async Task<NpgsqlConnection> LockAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString()) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // No command timeout: another replica may take a while to migrate; shutdown still cancels the wait.
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("key", InitializationLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private string ConnectionString() => configuration.GetConnectionString("db")
        ?? throw new InvalidOperationException("Connection string 'db' is not configured.");

    private void Migrate()
    {
        var result = Upgrader(quiet: false).PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed.", result.Error);
        }
    }

    /// <summary>The embedded scripts against DbUp's journal (<c>schemaversions</c>). Reading what is pending creates
    /// nothing: with no journal table every script is pending.</summary>
    private DbUp.Engine.UpgradeEngine Upgrader(bool quiet)
    {
        var builder = DeployChanges.To
            .PostgresqlDatabase(ConnectionString())
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseInitializer).Assembly, name => name.EndsWith(".sql", StringComparison.Ordinal))
            .WithTransactionPerScript();
        return (quiet ? builder.LogToNowhere() : builder.LogTo(new UpgradeLog(logger))).Build();
    }

    private sealed class UpgradeLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace(format, args);
        public void LogDebug(string format, params object[] args) => logger.LogDebug(format, args);
        public void LogInformation(string format, params object[] args) => logger.LogInformation(format, args);
        public void LogWarning(string format, params object[] args) => logger.LogWarning(format, args);
        public void LogError(string format, params object[] args) => logger.LogError(format, args);
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, format, args);
    }
}
