using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Sanctum.AppHost;

namespace Sanctum.Tests.TestSupport;

/// <summary>
/// The direct address of each API replica. Every replica is its own DCP executable with its own port behind the
/// endpoint's proxy, and its snapshot's <c>Urls</c> show only that proxy; the AppHost's health check also goes
/// through the proxy, so a healthy resource proves only that some replica answers. A replica's own address is the
/// effective <c>ASPNETCORE_URLS</c> DCP gave its process, and each replica is asked <c>/health/ready</c> itself.
/// </summary>
public static class ApiReplicaEndpoints
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private const int LogLinesOnFailure = 30;

    /// <summary>The replicas' addresses ordered by resource id (fixed for the run), once every one is ready.
    /// A replica that stops first fails the start at once, with the end of its log.</summary>
    public static async Task<IReadOnlyList<Uri>> WaitForReadyAsync(DistributedApplication app, int replicas, CancellationToken cancellationToken)
    {
        var running = await WaitForRunningAsync(app, replicas, cancellationToken);
        using var client = new HttpClient { Timeout = SanctumAppFixture.RequestTimeout };
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ready = Task.WhenAll(running.Values.Select(address => WaitUntilReadyAsync(client, address, cancellationToken)));
        var stopped = WaitForAnyToStopAsync(app, running.Keys, watch.Token);
        if (await Task.WhenAny(ready, stopped) == stopped && await stopped is { } replica)
        {
            throw new InvalidOperationException(
                $"API replica {replica.Id} stopped ({replica.State}, exit code {replica.ExitCode}) before it was ready. Its log ends:\n"
                + await LogTailAsync(app, replica.Id));
        }
        await watch.CancelAsync();
        await ready;
        return running.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value).ToList();
    }

    private static async Task<Dictionary<string, Uri>> WaitForRunningAsync(DistributedApplication app, int replicas, CancellationToken cancellationToken)
    {
        var addresses = new Dictionary<string, Uri>();
        // The watch replays every resource's current state first, so replicas that are already running count.
        await foreach (var resourceEvent in app.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if (resourceEvent.Resource.Name != ResourceNames.Api)
            {
                continue;
            }
            if (resourceEvent.Snapshot.State?.Text == KnownResourceStates.Running && DirectAddress(resourceEvent.Snapshot) is { } address)
            {
                addresses[resourceEvent.ResourceId] = address;
            }
            else
            {
                addresses.Remove(resourceEvent.ResourceId);
            }
            if (addresses.Count == replicas)
            {
                return addresses;
            }
        }
        throw new InvalidOperationException($"The app stopped before {replicas} API replicas were running.");
    }

    private static Uri? DirectAddress(CustomResourceSnapshot snapshot)
    {
        var urls = snapshot.EnvironmentVariables.FirstOrDefault(variable => variable.Name == "ASPNETCORE_URLS")?.Value;
        var http = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(url => url.StartsWith("http://", StringComparison.Ordinal));
        return http is not null && Uri.TryCreate(http, UriKind.Absolute, out var address) && address.Port > 0 ? address : null;
    }

    private static async Task WaitUntilReadyAsync(HttpClient client, Uri address, CancellationToken cancellationToken)
    {
        var ready = new Uri(address, "/health/ready");
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(ready, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // The process is running but Kestrel is not listening yet.
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private sealed record StoppedReplica(string Id, string? State, int? ExitCode);

    /// <summary>The first of <paramref name="replicaIds"/> to leave the running state, or null once cancelled.</summary>
    private static async Task<StoppedReplica?> WaitForAnyToStopAsync(DistributedApplication app, IEnumerable<string> replicaIds, CancellationToken cancellationToken)
    {
        var ids = replicaIds.ToHashSet(StringComparer.Ordinal);
        try
        {
            await foreach (var resourceEvent in app.ResourceNotifications.WatchAsync(cancellationToken))
            {
                var snapshot = resourceEvent.Snapshot;
                if (ids.Contains(resourceEvent.ResourceId)
                    && KnownResourceStates.TerminalStates.Contains(snapshot.State?.Text))
                {
                    return new StoppedReplica(resourceEvent.ResourceId, snapshot.State?.Text, snapshot.ExitCode);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Every replica became ready; nothing stopped.
        }
        return null;
    }

    private static async Task<string> LogTailAsync(DistributedApplication app, string replicaId)
    {
        var lines = new List<LogLine>();
        await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(replicaId))
        {
            lines.AddRange(batch);
        }
        return string.Join('\n', lines.OrderBy(line => line.LineNumber).TakeLast(LogLinesOnFailure).Select(line => line.Content));
    }
}
