using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Sanctum.Api.Infrastructure.Data;

/// <summary>PostgreSQL client limits (<c>Postgres:*</c>), read once at startup. Each applies only when the connection
/// string does not set the same thing, so an operator's connection string always wins.</summary>
public sealed class PostgresClientSettings
{
    /// <summary>Npgsql <c>Timeout</c>: opening a connection, including the wait for a free one in the pool. A missing
    /// or saturated database answers 503 after this, instead of holding the request for Npgsql's default 15 s.</summary>
    public int TimeoutSeconds { get; init; } = 5;

    /// <summary>Npgsql <c>Command Timeout</c>: the client's backstop for one command, above the server's own limit.</summary>
    public int CommandTimeoutSeconds { get; init; } = 15;

    /// <summary>Server-side <c>statement_timeout</c>, sent as <c>Options=-c statement_timeout=…</c>. Shorter than the
    /// command timeout, so the server cancels a runaway statement cleanly (57014, a 503) and the connection survives.
    /// Migrations use their own connection and are not bound by it.</summary>
    public int StatementTimeoutMs { get; init; } = 10_000;
}

public static class DataSourceSetup
{
    /// <summary>The connection string's own settings win; otherwise statements run often enough are prepared.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// Npgsql automatic preparation: a statement executed <c>AutoPrepareMinUsages</c> (5) times on a physical
    /// connection is prepared there, so Postgres stops re-planning it. The feed and post reads take about 4 ms to
    /// plan and 1-2 ms to run (EXPLAIN ANALYZE on the bench dataset); the benchmark measured +50-95 % requests/s on
    /// post detail, like and create with it (bench/README.md). Set <c>Max Auto Prepare=0</c> in the connection string
    /// to turn it off (e.g. behind a transaction-mode pooler that cannot keep prepared statements).
    /// <para><c>No Reset On Close</c>: a connection going back to the pool is not reset. The reset is seven statements
    /// (Npgsql's DISCARD ALL without DEALLOCATE, to keep the prepared statements) that PostgreSQL runs before the next
    /// command on that connection, i.e. before nearly every request's query. Nothing here leaves session state to
    /// reset: no SET, LISTEN or temporary table, advisory locks are transaction-scoped except the initialization lock,
    /// which has a connection of its own outside the pool (<see cref="DatabaseInitializer"/>).</para>
    /// Then the timeouts of <see cref="PostgresClientSettings"/>.
    /// </summary>
    public static void Configure(NpgsqlDataSourceBuilder dataSource, PostgresClientSettings settings, string? configured)
    {
        if (settings.TimeoutSeconds <= 0 || settings.CommandTimeoutSeconds <= 0 || settings.StatementTimeoutMs <= 0)
        {
            throw new InvalidOperationException("Postgres:TimeoutSeconds, Postgres:CommandTimeoutSeconds and Postgres:StatementTimeoutMs must be positive.");
        }
        // The plain builder only knows the keys that were written, so it tells "not set" from "set to 0".
        var written = new DbConnectionStringBuilder { ConnectionString = configured ?? "" };
        var connection = dataSource.ConnectionStringBuilder;
        if (!IsWritten(written, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            connection.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }
        if (!IsWritten(written, "No Reset On Close", "NoResetOnClose"))
        {
            connection.NoResetOnClose = true;
        }
        if (!IsWritten(written, "Timeout"))
        {
            connection.Timeout = settings.TimeoutSeconds;
        }
        if (!IsWritten(written, "Command Timeout", "CommandTimeout"))
        {
            connection.CommandTimeout = settings.CommandTimeoutSeconds;
        }
        AddServerSetting(connection, "statement_timeout", string.Create(CultureInfo.InvariantCulture, $"{settings.StatementTimeoutMs}"));
        // PostgreSQL compiles a statement whose plan costs more than jit_above_cost, on every execution. The search's
        // generic plans cross it: 62 ms a search with JIT, 6.7 ms without (EXPLAIN ANALYZE on the bench's large data).
        // No query here runs long enough for compiled expressions to pay back their compilation.
        AddServerSetting(connection, "jit", "off");
    }

    /// <summary>A server setting sent with the connection (<c>Options=-c name=value</c>), unless the configured options
    /// already set it.</summary>
    private static void AddServerSetting(NpgsqlConnectionStringBuilder connection, string name, string value)
    {
        var options = connection.Options ?? "";
        // "name=" so that a configured jit_above_cost does not count as jit.
        if (!options.Contains($"{name}=", StringComparison.OrdinalIgnoreCase))
        {
            var setting = $"-c {name}={value}";
            connection.Options = options.Length == 0 ? setting : $"{options} {setting}";
        }
    }

    private static bool IsWritten(DbConnectionStringBuilder written, params string[] keys) => keys.Any(written.ContainsKey);
}
