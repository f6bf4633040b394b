using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sanctum.AppHost.Infrastructure;

/// <summary>
/// Postgres and Redis as local executables, for machines without a container runtime.
/// See shared/notes/aspire-without-containers.md for why it is built this way.
/// </summary>
public static class LocalInfrastructure
{
    private const string EphemeralRoot = "/tmp/sanctum-ephemeral";

    /// <summary>Redis memory ceiling unless <c>Infra:RedisMaxMemory</c> says otherwise. Every key Sanctum writes has a
    /// TTL except the feed version counter, so <c>volatile-ttl</c> evicts the shortest-lived entries first (cache
    /// pages, tickets, rate-limit windows) and never the counter; refresh tokens (7 days) go last.</summary>
    public const string DefaultRedisMaxMemory = "256mb";

    /// <summary>Each API replica's Npgsql pool may open up to its default <c>Maximum Pool Size</c>.</summary>
    public const int PoolPerReplica = 100;

    /// <summary>Room above the replicas' pools for the tests' own connections, psql and the initialization lock.</summary>
    public const int SpareConnections = 50;

    /// <summary>A local PostgreSQL whose <c>max_connections</c> holds every replica's full pool: at the default 100, two
    /// replicas under load were refused ("too many clients", answered 503) while their pools still had room.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string serverName, string databaseName, bool ephemeral, int apiReplicas)
    {
        var binDirectory = builder.Configuration["Infra:PostgresBin"] ?? FindPostgresBin();
        var script = Path.Combine(AppContext.BaseDirectory, "scripts", "postgres-local.sh");
        var dataDirectory = ephemeral
            ? NewEphemeralDirectory("postgres")
            : Path.Combine(builder.AppHostDirectory, ".data", "postgres");

        var server = new LocalPostgresResource(serverName, "sh", builder.AppHostDirectory);
        var serverBuilder = builder.AddResource(server)
            .WithArgs(script, dataDirectory, binDirectory, databaseName)
            .WithArgs("-c", $"max_connections={PoolPerReplica * apiReplicas + SpareConnections}")
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "PGPORT")
            .WithHealthCheck(AddCheck(builder, $"{serverName}_check", new PostgresHealthCheck(server)));
        if (ephemeral)
        {
            // A throwaway instance need not survive a crash, so skip the disk flushes.
            serverBuilder.WithArgs("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
        }

        var database = builder.AddConnectionString(databaseName,
            ReferenceExpression.Create($"{server.ConnectionStringExpression};Database={databaseName}"));
        return database
            .WaitFor(serverBuilder)
            .WithHealthCheck(AddCheck(builder, $"{databaseName}_check", new PostgresHealthCheck(database.Resource)));
    }

    public static IResourceBuilder<IResourceWithConnectionString> AddLocalRedis(this IDistributedApplicationBuilder builder, string name)
    {
        var command = builder.Configuration["Infra:RedisServer"] ?? "redis-server";
        var maxMemory = builder.Configuration["Infra:RedisMaxMemory"] ?? DefaultRedisMaxMemory;
        var redis = new LocalRedisResource(name, command, builder.AppHostDirectory);
        return builder.AddResource(redis)
            .WithEndpoint(name: "tcp", scheme: "tcp")
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(redis.Endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--save");
                context.Args.Add("");
                context.Args.Add("--appendonly");
                context.Args.Add("no");
                context.Args.Add("--maxmemory");
                context.Args.Add(maxMemory);
                context.Args.Add("--maxmemory-policy");
                context.Args.Add("volatile-ttl");
            })
            .WithHealthCheck(AddCheck(builder, $"{name}_check", new RedisHealthCheck(redis)));
    }

    private static string AddCheck(IDistributedApplicationBuilder builder, string key, IHealthCheck check)
    {
        builder.Services.AddHealthChecks().AddCheck(key, check);
        return key;
    }

    private static string FindPostgresBin()
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return installed
            ?? throw new InvalidOperationException(
                "No PostgreSQL server binaries found under /usr/lib/postgresql/<version>/bin. Install them (apt-get install -y postgresql) or set Infra:PostgresBin.");
    }

    /// <summary>A data directory owned by this AppHost process; directories of dead processes are swept.</summary>
    private static string NewEphemeralDirectory(string kind)
    {
        Directory.CreateDirectory(EphemeralRoot);
        foreach (var stale in Directory.GetDirectories(EphemeralRoot))
        {
            var owner = Path.GetFileName(stale).Split('-')[0];
            if (int.TryParse(owner, out var pid) && !ProcessIsAlive(pid))
            {
                try
                {
                    Directory.Delete(stale, recursive: true);
                }
                catch (IOException)
                {
                    // Another AppHost starting at the same moment (a second app in the same test run) is sweeping it
                    // too; whatever it leaves is swept at the next start.
                }
            }
        }
        return Path.Combine(EphemeralRoot, $"{Environment.ProcessId}-{kind}-{Guid.NewGuid():N}");
    }

    private static bool ProcessIsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
