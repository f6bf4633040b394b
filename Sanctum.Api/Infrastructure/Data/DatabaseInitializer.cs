using DbUp;
using DbUp.Engine.Output;
using Npgsql;
using Sanctum.Api.Infrastructure.Http;

namespace Sanctum.Api.Infrastructure.Data;

/// <summary>
/// Applies the embedded, numbered SQL migrations with DbUp, then the startup tasks, then marks the API ready.
/// A failure stops the application: serving on a half-migrated schema would be worse than not serving.
/// Replicas start together against one database, so each holds a session-level advisory lock while it migrates and
/// seeds: they run one after another (the later ones find nothing left to do) instead of racing on the same DDL.
/// </summary>
internal sealed class DatabaseInitializer(
    IConfiguration configuration,
    IEnumerable<IStartupTask> startupTasks,
    StartupState state,
    IHostApplicationLifetime lifetime,
    ILogger<DatabaseInitializer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using (await LockAsync(stoppingToken))
            {
                Migrate();
                foreach (var task in startupTasks)
                {
                    await task.RunAsync(stoppingToken);
                }
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
        var connectionString = ConnectionString();
        var upgrader = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseInitializer).Assembly, name => name.EndsWith(".sql", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new UpgradeLog(logger))
            .Build();

        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed.", result.Error);
        }
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
