using Sanctum.Tests.Realtime;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Operations.Metrics;

/// <summary>
/// <c>GET /metrics</c> (contract 14) on the running app: the original's request series with the route template as
/// <c>path</c>, the socket gauge, and the standard OpenTelemetry series beside them. The fixture runs two replicas and
/// each keeps its own figures, so every request and scrape of a test goes to replica 0.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PrometheusEndpointTests(SanctumAppFixture app)
{
    private const string Service = "sanctum-api";

    [Fact]
    public async Task Requests_are_counted_by_status_code_method_and_route_template()
    {
        var client = app.CreateClient(0);
        var before = await PrometheusScrape.ScrapeAsync(client);
        var missingPost = 9_000_000_000L + Random.Shared.Next(1_000_000);
        await (await client.GetAsync($"/api/posts/{missingPost}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.GetAsync("/api/sanctums/atrium")).ExpectJsonAsync(HttpStatusCode.OK);

        (string, string)[] notFound = [("status_code", "404"), ("method", "GET"), ("path", "/api/posts/:id"), ("service", Service)];
        (string, string)[] ok = [("status_code", "200"), ("method", "GET"), ("path", "/api/sanctums/:slug"), ("service", Service)];
        var after = await PrometheusScrape.ScrapeUntilAsync(client,
            s => s.Value("http_requests_total", notFound) >= (before.Value("http_requests_total", notFound) ?? 0) + 1
                && s.Value("http_requests_total", ok) >= (before.Value("http_requests_total", ok) ?? 0) + 1,
            "the 404 and the 200 counted in http_requests_total");

        // The histogram under the original's name, same labels, with its buckets.
        Assert.True(after.Value("http_request_duration_seconds_count", notFound) >= 1);
        Assert.Equal(after.Value("http_request_duration_seconds_count", notFound),
            after.Value("http_request_duration_seconds_bucket", [.. notFound, ("le", "+Inf")]));
        Assert.True(after.Value("http_request_duration_seconds_sum", ok) > 0);
        // In progress: per method and route, back to 0 once answered.
        Assert.Equal(0, after.Value("http_requests_in_progress_total", ("method", "GET"), ("path", "/api/posts/:id"), ("service", Service)));

        // The raw URL never becomes a label value, and scrapes are not counted at all.
        Assert.DoesNotContain(after, s => s.Labels.Values.Any(v => v.Contains(missingPost.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        Assert.DoesNotContain(after, s => s.Name.StartsWith("http_request", StringComparison.Ordinal) && s.Has("path", "/metrics"));

        // The standard OpenTelemetry series stay: ASP.NET Core's request duration (by route template) and the runtime's.
        Assert.Contains(after, s => s.Name == "http_server_request_duration_seconds_count" && s.Has("http_route", "/api/posts/{id}"));
        Assert.Contains(after, s => s.Name == "dotnet_gc_collections_total");
    }

    [Fact]
    public async Task The_socket_gauges_follow_an_open_socket()
    {
        var client = app.CreateClient(0);
        var user = await app.SignupAsync();
        double open;
        await using (var socket = await app.ConnectReadyAsync(user, replica: 0))
        {
            var samples = await PrometheusScrape.ScrapeUntilAsync(client,
                s => s.Value("sanctum_active_websockets") >= 1 && s.Value("sanctum_websockets_open", ("channel", "notifications")) >= 1,
                "the open socket in sanctum_active_websockets and sanctum_websockets_open");
            open = samples.Value("sanctum_active_websockets")!.Value;
            var dashboard = await (await client.GetAsync("/api/metrics/dashboard")).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.True(dashboard.GetProperty("sockets").GetProperty("notifications").GetInt64() >= 1);
        }
        var closed = await PrometheusScrape.ScrapeUntilAsync(client,
            s => s.Value("sanctum_active_websockets") < open && s.Value("http_requests_total", WebSocketSession) >= 1,
            "sanctum_active_websockets fall and the session counted once the socket closed");
        // A socket's session is counted, never timed: its length is not a request's latency. (A refused handshake is an
        // ordinary request, timed; other tests of the shared app make some on this replica.)
        Assert.DoesNotContain(closed, s => s.Name.StartsWith("http_request_duration_seconds", StringComparison.Ordinal)
            && s.Has("path", "/api/ws") && s.Has("status_code", "101"));
    }

    private static readonly (string, string)[] WebSocketSession = [("status_code", "101"), ("method", "GET"), ("path", "/api/ws"), ("service", Service)];
}
