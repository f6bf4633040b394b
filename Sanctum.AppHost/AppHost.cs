using Microsoft.Extensions.Configuration;
using Sanctum.AppHost;
using Sanctum.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var mode = InfraModeResolver.Resolve(builder.Configuration, builder.ExecutionContext.IsPublishMode);
var ephemeral = builder.Configuration.GetValue("Infra:Ephemeral", false);
var replicas = ApiReplicas.Resolve(builder.Configuration);
Console.WriteLine($"Sanctum infrastructure mode: {mode.ToString().ToLowerInvariant()}{(ephemeral ? " (ephemeral data)" : "")}, API replicas: {replicas}");

IResourceBuilder<IResourceWithConnectionString> db;
IResourceBuilder<IResourceWithConnectionString> cache;
if (mode == InfraMode.Containers)
{
    var postgres = builder.AddPostgres(ResourceNames.DatabaseServer);
    var redis = builder.AddRedis(ResourceNames.Cache);
    if (!ephemeral)
    {
        // Kept running between `make run`s, like the local mode's data directory: no re-initialisation per start.
        postgres.WithDataVolume().WithLifetime(ContainerLifetime.Persistent);
        redis.WithLifetime(ContainerLifetime.Persistent);
    }
    db = postgres.AddDatabase(ResourceNames.Database);
    cache = redis;
}
else
{
    db = builder.AddLocalPostgres(ResourceNames.DatabaseServer, ResourceNames.Database, ephemeral, replicas);
    cache = builder.AddLocalRedis(ResourceNames.Cache);
}

// Generated per run for development; production supplies its own key (the API refuses a weak one).
var jwtKey = builder.AddParameter("jwt-signing-key",
    new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true);

builder.AddProject<Projects.Sanctum_Api>(ResourceNames.Api)
    .WithReplicas(replicas)
    .WithReference(db).WaitFor(db)
    .WithReference(cache).WaitFor(cache)
    .WithEnvironment("Jwt__SigningKey", jwtKey)
    // Uploaded images (contract 6): kept between `make run`s next to the local database; the tests pass a throwaway folder.
    // A published model names the shared volume's mount point instead of a path of this machine (deploy/base).
    .WithEnvironment("Images__Directory", builder.ExecutionContext.IsPublishMode
        ? "/var/lib/sanctum/media"
        : Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".data", "media")))
    .WithHttpHealthCheck("/health/ready");

builder.Build().Run();
