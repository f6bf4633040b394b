using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
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

    /// <summary>The replicas' addresses ordered by resource id (fixed for the run), once every one is ready.</summary>
    public static async Task<IReadOnlyList<Uri>> WaitForReadyAsync(DistributedApplication app, int replicas, CancellationToken cancellationToken)
    {
        var running = await WaitForRunningAsync(app, replicas, cancellationToken);
        var addresses = running.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value).ToList();
        using var client = new HttpClient { Timeout = SanctumAppFixture.RequestTimeout };
        await Task.WhenAll(addresses.Select(address => WaitUntilReadyAsync(client, address, cancellationToken)));
        return addresses;
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
}
