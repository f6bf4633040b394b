using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Operations.Metrics;

/// <summary><c>GET /api/metrics/dashboard</c> (always JSON, per replica) and the original's <c>/api/swagger/*</c> links.</summary>
[Collection(AppCollection.Name)]
public sealed class DashboardAndSwaggerTests(SanctumAppFixture app)
{
    [Fact]
    public async Task The_dashboard_is_json_with_this_replicas_figures()
    {
        var client = app.CreateClient(0);
        await (await client.GetAsync("/health/live")).ExpectJsonAsync(HttpStatusCode.OK);
        await (await client.GetAsync($"/api/posts/{9_100_000_000L + Random.Shared.Next(1_000_000)}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        // JSON whatever the client prefers: the original answered HTML unless asked for JSON.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/metrics/dashboard");
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request);
        var body = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);

        Assert.Equal(["errors", "requests", "sockets", "time", "uptime_seconds", "window_seconds"], Names(body));
        Assert.Equal(60, body.GetProperty("window_seconds").GetInt32());
        Assert.True(body.GetProperty("uptime_seconds").GetInt64() >= 0);
        Assert.True(DateTimeOffset.TryParse(body.GetProperty("time").GetString(), out _));

        var requests = body.GetProperty("requests");
        Assert.Equal(["count", "in_flight", "latency_samples", "p50_ms", "p99_ms", "per_second", "server_errors"], Names(requests));
        Assert.True(requests.GetProperty("count").GetInt64() >= 2, requests.ToString());
        Assert.True(requests.GetProperty("per_second").GetDouble() > 0, requests.ToString());
        Assert.True(requests.GetProperty("in_flight").GetInt64() >= 1, "the dashboard's own request is in flight: " + requests);
        Assert.True(requests.GetProperty("latency_samples").GetInt32() >= 2, requests.ToString());
        Assert.True(requests.GetProperty("p50_ms").GetDouble() > 0, requests.ToString());
        Assert.True(requests.GetProperty("p99_ms").GetDouble() >= requests.GetProperty("p50_ms").GetDouble(), requests.ToString());

        var sockets = body.GetProperty("sockets");
        Assert.Equal(["chat", "game", "notifications", "total"], Names(sockets));
        Assert.Equal(sockets.GetProperty("total").GetInt64(),
            sockets.GetProperty("notifications").GetInt64() + sockets.GetProperty("chat").GetInt64() + sockets.GetProperty("game").GetInt64());

        Assert.Equal(["database_total", "redis_total", "server_errors_total", "socket_drops_total"], Names(body.GetProperty("errors")));
    }

    [Theory]
    [InlineData("/api/swagger")]
    [InlineData("/api/swagger/")]
    [InlineData("/api/swagger/index.html")]
    public async Task Swagger_ui_links_redirect_to_the_api_reference(string path)
    {
        var client = app.CreateClient(0);
        // Scalar is mapped in Development only; elsewhere the links land on the document itself.
        var scalar = (await client.GetAsync("/scalar/")).StatusCode;
        var expected = scalar == HttpStatusCode.OK ? "/scalar/" : "/openapi/v1.json";

        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(expected)).StatusCode);
    }

    [Fact]
    public async Task Swagger_doc_json_redirects_to_the_openapi_document()
    {
        var client = app.CreateClient(0);
        using var response = await client.GetAsync("/api/swagger/doc.json");
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/openapi/v1.json", response.Headers.Location?.OriginalString);

        var document = await (await client.GetAsync(response.Headers.Location)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(document.TryGetProperty("openapi", out _), "not an OpenAPI document");
    }

    private static List<string> Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
}
