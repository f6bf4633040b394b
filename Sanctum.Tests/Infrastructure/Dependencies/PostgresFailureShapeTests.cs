using Npgsql;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Infrastructure.Dependencies;

/// <summary>
/// The exceptions Npgsql really raises for a statement timeout, an exhausted pool and an unreachable server, with the
/// API's data source settings (<see cref="DataSourceSetup"/>), are the ones <see cref="DependencyFailures"/> maps to 503.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PostgresFailureShapeTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Statement_timeout_cancels_a_slow_statement_as_an_outage()
    {
        await using var db = DataSource(app.Database.ConnectionString, new PostgresClientSettings { StatementTimeoutMs = 200 });
        await using var connection = await db.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT pg_sleep(5)", connection);

        var exception = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.QueryCanceled, exception.SqlState);
        Assert.Equal(DependencyFailures.PostgreSql, DependencyFailures.Classify(exception));
    }

    [Fact]
    public async Task Exhausted_pool_fails_after_the_pool_wait_as_an_outage()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(app.Database.ConnectionString) { MaxPoolSize = 1 }.ConnectionString;
        await using var db = DataSource(connectionString, new PostgresClientSettings { TimeoutSeconds = 1 });
        await using var held = await db.OpenConnectionAsync();

        var exception = await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await db.OpenConnectionAsync());

        Assert.Equal(DependencyFailures.PostgreSql, DependencyFailures.Classify(exception));
    }

    [Fact]
    public async Task Unreachable_server_is_an_outage()
    {
        // Nothing listens on port 1.
        await using var db = DataSource("Host=127.0.0.1;Port=1;Username=postgres", new PostgresClientSettings { TimeoutSeconds = 1 });

        var exception = await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await db.OpenConnectionAsync());

        Assert.Equal(DependencyFailures.PostgreSql, DependencyFailures.Classify(exception));
    }

    private static NpgsqlDataSource DataSource(string connectionString, PostgresClientSettings settings)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        DataSourceSetup.Configure(builder, settings, connectionString);
        return builder.Build();
    }
}
