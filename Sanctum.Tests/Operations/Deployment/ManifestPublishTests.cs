using Sanctum.AppHost;

namespace Sanctum.Tests.Operations.Deployment;

/// <summary>
/// The README's publish command: the AppHost in publish mode writes the Aspire manifest without a container engine, and
/// the manifest describes PostgreSQL and Redis as containers (never this machine's local processes) and the API as a
/// project wired to them. Runs the AppHost already built for the tests (<c>--publisher manifest</c>), no second build.
/// </summary>
public sealed class ManifestPublishTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "sanctum-publish-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Fact]
    public async Task Publishing_names_the_database_the_cache_and_the_api()
    {
        var appHost = typeof(ResourceNames).Assembly.Location;
        var manifestPath = Path.Combine(_output, "aspire-manifest.json");
        var run = await ToolProcess.RunAsync("dotnet", [appHost, "--publisher", "manifest", "--output-path", manifestPath],
            TimeSpan.FromSeconds(90), workingDirectory: Path.GetDirectoryName(appHost),
            // Whatever the developer's shell says, publishing must not depend on a local mode or a container engine.
            environment: new Dictionary<string, string> { ["Infra__Mode"] = "local", ["ASPIRE_CONTAINER_RUNTIME"] = "no-such-runtime" });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("infrastructure mode: containers", run.Stdout);
        Assert.True(File.Exists(manifestPath), run.ToString());

        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(manifestPath));
        var resources = manifest.RootElement.GetProperty("resources");

        var server = resources.GetProperty(ResourceNames.DatabaseServer);
        Assert.Equal("container.v0", server.GetProperty("type").GetString());
        Assert.StartsWith("docker.io/library/postgres:", server.GetProperty("image").GetString());

        var database = resources.GetProperty(ResourceNames.Database);
        Assert.Equal($"{{{ResourceNames.DatabaseServer}.connectionString}};Database={ResourceNames.Database}",
            database.GetProperty("connectionString").GetString());

        var cache = resources.GetProperty(ResourceNames.Cache);
        Assert.Equal("container.v0", cache.GetProperty("type").GetString());
        Assert.StartsWith("docker.io/library/redis:", cache.GetProperty("image").GetString());

        var api = resources.GetProperty(ResourceNames.Api);
        Assert.Equal("project.v0", api.GetProperty("type").GetString());
        Assert.EndsWith("Sanctum.Api/Sanctum.Api.csproj", api.GetProperty("path").GetString()!.Replace('\\', '/'));
        var env = api.GetProperty("env");
        Assert.Equal($"{{{ResourceNames.Database}.connectionString}}", env.GetProperty("ConnectionStrings__db").GetString());
        Assert.Equal($"{{{ResourceNames.Cache}.connectionString}}", env.GetProperty("ConnectionStrings__cache").GetString());
        // The signing key is a secret parameter the deployment supplies, never a value in the manifest.
        Assert.Equal("{jwt-signing-key.value}", env.GetProperty("Jwt__SigningKey").GetString());
        Assert.True(resources.GetProperty("jwt-signing-key").GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean());
        // The media folder is the deployment's shared volume, not a path of the machine that published.
        Assert.Equal("/var/lib/sanctum/media", env.GetProperty("Images__Directory").GetString());
    }
}
