using Microsoft.Extensions.Configuration;
using Sanctum.AppHost;
using Sanctum.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var mode = InfraModeResolver.Resolve(builder.Configuration);
var ephemeral = builder.Configuration.GetValue("Infra:Ephemeral", false);
Console.WriteLine($"Sanctum infrastructure mode: {mode.ToString().ToLowerInvariant()}{(ephemeral ? " (ephemeral data)" : "")}");

IResourceBuilder<IResourceWithConnectionString> db;
IResourceBuilder<IResourceWithConnectionString> cache;
if (mode == InfraMode.Containers)
{
    var postgres = builder.AddPostgres("postgres");
    if (!ephemeral)
    {
        postgres.WithDataVolume();
    }
    db = postgres.AddDatabase(ResourceNames.Database);
    cache = builder.AddRedis(ResourceNames.Cache);
}
else
{
    db = builder.AddLocalPostgres(ResourceNames.Database, ephemeral);
    cache = builder.AddLocalRedis(ResourceNames.Cache);
}

// Generated per run for development; production supplies its own key (the API refuses a weak one).
var jwtKey = builder.AddParameter("jwt-signing-key",
    new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true);

builder.AddProject<Projects.Sanctum_Api>(ResourceNames.Api)
    .WithReference(db).WaitFor(db)
    .WithReference(cache).WaitFor(cache)
    .WithEnvironment("Jwt__SigningKey", jwtKey)
    .WithHttpHealthCheck("/health/ready");

builder.Build().Run();
