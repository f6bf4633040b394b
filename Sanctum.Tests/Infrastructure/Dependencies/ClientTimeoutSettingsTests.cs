using Npgsql;
using Sanctum.Api.Infrastructure.Caching;
using Sanctum.Api.Infrastructure.Data;
using StackExchange.Redis;

namespace Sanctum.Tests.Infrastructure.Dependencies;

/// <summary>The client limits that turn a slow or missing dependency into a quick failure, and the connection string
/// winning over them.</summary>
public sealed class ClientTimeoutSettingsTests
{
    [Fact]
    public void Postgres_gets_pool_wait_command_and_statement_timeouts_by_default()
    {
        const string configured = "Host=localhost;Username=postgres;Database=db";
        var builder = new NpgsqlDataSourceBuilder(configured);

        DataSourceSetup.Configure(builder, new PostgresClientSettings(), configured);

        var connection = builder.ConnectionStringBuilder;
        Assert.Equal(5, connection.Timeout);
        Assert.Equal(15, connection.CommandTimeout);
        Assert.Equal("-c statement_timeout=10000 -c jit=off", connection.Options);
        Assert.Equal(DataSourceSetup.DefaultMaxAutoPrepare, connection.MaxAutoPrepare);
        Assert.True(connection.NoResetOnClose);
    }

    [Fact]
    public void Postgres_connection_string_settings_win()
    {
        const string configured = "Host=localhost;Timeout=30;Command Timeout=60;Options=-c statement_timeout=0 -c jit=on;Max Auto Prepare=0;No Reset On Close=false";
        var builder = new NpgsqlDataSourceBuilder(configured);

        DataSourceSetup.Configure(builder, new PostgresClientSettings { TimeoutSeconds = 2, CommandTimeoutSeconds = 3, StatementTimeoutMs = 100 }, configured);

        var connection = builder.ConnectionStringBuilder;
        Assert.Equal(30, connection.Timeout);
        Assert.Equal(60, connection.CommandTimeout);
        Assert.Equal("-c statement_timeout=0 -c jit=on", connection.Options);
        Assert.Equal(0, connection.MaxAutoPrepare);
        Assert.False(connection.NoResetOnClose);
    }

    [Fact]
    public void Postgres_statement_timeout_is_added_to_other_options()
    {
        const string configured = "Host=localhost;Options=-c search_path=app -c jit_above_cost=500000";
        var builder = new NpgsqlDataSourceBuilder(configured);

        DataSourceSetup.Configure(builder, new PostgresClientSettings { StatementTimeoutMs = 2500 }, configured);

        Assert.Equal("-c search_path=app -c jit_above_cost=500000 -c statement_timeout=2500 -c jit=off", builder.ConnectionStringBuilder.Options);
    }

    [Fact]
    public void Redis_times_out_fast_fails_fast_and_never_aborts_startup()
    {
        const string configured = "localhost:6379,abortConnect=true";
        var options = ConfigurationOptions.Parse(configured);

        RedisClientSetup.Configure(options, new RedisClientSettings(), configured);

        Assert.False(options.AbortOnConnectFail);
        Assert.Equal(500, options.SyncTimeout);
        Assert.Equal(500, options.AsyncTimeout);
        Assert.Equal(1000, options.ConnectTimeout);
        Assert.Same(BacklogPolicy.FailFast, options.BacklogPolicy);
    }

    [Fact]
    public void Redis_connection_string_timeouts_win()
    {
        const string configured = "localhost:6379,syncTimeout=5000,asyncTimeout=4000,connectTimeout=3000";
        var options = ConfigurationOptions.Parse(configured);

        RedisClientSetup.Configure(options, new RedisClientSettings { TimeoutMs = 100, ConnectTimeoutMs = 100 }, configured);

        Assert.Equal(5000, options.SyncTimeout);
        Assert.Equal(4000, options.AsyncTimeout);
        Assert.Equal(3000, options.ConnectTimeout);
    }
}
