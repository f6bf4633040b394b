using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Sanctum.AppHost.Infrastructure;

/// <summary>How Postgres and Redis are provided: as containers, or as local processes of the machine's binaries.</summary>
public enum InfraMode
{
    Containers,
    Local,
}

public static class InfraModeResolver
{
    /// <summary>Reads <c>Infra:Mode</c> (auto | containers | local). Auto probes the container runtime,
    /// because Aspire waits forever on container resources when the runtime is unhealthy. A published app model
    /// (manifests, deployment) always describes containers, whatever this machine has.</summary>
    public static InfraMode Resolve(IConfiguration configuration, bool publishing)
    {
        if (publishing)
        {
            return InfraMode.Containers;
        }
        var setting = configuration["Infra:Mode"] ?? "auto";
        return setting.ToLowerInvariant() switch
        {
            "containers" => InfraMode.Containers,
            "local" => InfraMode.Local,
            "auto" => ContainerRuntimeIsHealthy(configuration) ? InfraMode.Containers : InfraMode.Local,
            _ => throw new InvalidOperationException($"Infra:Mode must be auto, containers or local, not '{setting}'."),
        };
    }

    private static bool ContainerRuntimeIsHealthy(IConfiguration configuration)
    {
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? "docker";
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(runtime, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (probe is null)
            {
                return false;
            }
            probe.StandardOutput.ReadToEndAsync();
            probe.StandardError.ReadToEndAsync();
            if (!probe.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                probe.Kill(entireProcessTree: true);
                return false;
            }
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // The runtime's client is not installed at all.
            return false;
        }
    }
}
