using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;
using Sanctum.Api.Infrastructure.Metrics;
using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Tests.Operations.Metrics;

/// <summary>
/// The exporter's wiring on a small WebApplication of its own (a second whole app would cost half a minute): the real
/// telemetry registration (<c>AddServiceDefaults</c>) and the API's metrics routes, with nothing else. It proves the
/// switch and the names the exporter gives the series that the shared app only shows during an outage.
/// </summary>
public sealed class PrometheusExporterSetupTests
{
    [Fact]
    public async Task Metrics_can_be_turned_off_by_configuration()
    {
        await using var app = await StartAsync(enabled: "false");
        using var client = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        // The dashboard is in-process state, not the exporter: it stays.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/metrics/dashboard")).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("true")]
    public async Task Metrics_are_on_unless_turned_off(string? enabled)
    {
        await using var app = await StartAsync(enabled);
        using var client = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(10) };

        var samples = await PrometheusScrape.ScrapeAsync(client);
        Assert.Contains(samples, s => s.Name == "sanctum_active_websockets");
    }

    [Fact]
    public async Task Dependency_failures_and_backpressure_drops_carry_the_original_names()
    {
        await using var app = await StartAsync("true");
        using var client = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(10) };
        var operation = $"test operation {Guid.NewGuid():N}";
        // Through the failure log every caught dependency failure goes through: the second report within the window is
        // not logged, and still counted.
        var log = new DependencyFailureLog(TimeProvider.System, NullLogger<DependencyFailureLog>.Instance, app.Services.GetRequiredService<DependencyMetrics>());
        log.Report(LogLevel.Warning, DependencyFailures.Redis, operation, "detail 1", new TimeoutException());
        log.Report(LogLevel.Warning, DependencyFailures.Redis, operation, "detail 2", new TimeoutException());
        log.Report(LogLevel.Warning, DependencyFailures.PostgreSql, operation, "detail", new TimeoutException());
        log.Report(LogLevel.Warning, "A dependency (timeout)", operation, "detail", new TimeoutException());
        var realtime = app.Services.GetRequiredService<RealtimeMetrics>();
        realtime.Dropped(SocketKind.Chat, "buffer_full");
        realtime.NotRelayed();

        var samples = await PrometheusScrape.ScrapeUntilAsync(client,
            s => s.Any(x => x.Name == "sanctum_websocket_backpressure_drops_total"), "the drop");
        Assert.Equal(2, samples.Value("sanctum_redis_errors_total", ("operation", operation)));
        Assert.Equal(1, samples.Value("sanctum_database_errors_total", ("operation", operation)));
        Assert.Equal(1, samples.Value("sanctum_websocket_backpressure_drops_total", ("hub", "chat"), ("reason", "buffer_full")));
        // Not backpressure: an event Redis did not relay is a drop of the Sanctum.Realtime meter only.
        Assert.DoesNotContain(samples, s => s.Name == "sanctum_websocket_backpressure_drops_total" && s.Has("reason", "redis_unavailable"));
        Assert.Equal(1, samples.Value("sanctum_realtime_events_dropped_total", ("reason", "redis_unavailable")));

        var dashboard = await (await client.GetAsync("/api/metrics/dashboard")).Content.ReadFromJsonAsync<JsonElement>();
        var errors = dashboard.GetProperty("errors");
        Assert.Equal(2, errors.GetProperty("redis_total").GetInt64());
        Assert.Equal(1, errors.GetProperty("database_total").GetInt64());
        Assert.Equal(2, errors.GetProperty("socket_drops_total").GetInt64());
    }

    [Theory]
    [InlineData("/api/posts/{id}", "/api/posts/:id")]
    [InlineData("/api/posts/", "/api/posts")]
    [InlineData("/api/sanctums/{slug}/admins", "/api/sanctums/:slug/admins")]
    [InlineData("/api/conversations/{id:long}/messages/{messageId}", "/api/conversations/:id/messages/:messageId")]
    [InlineData("/api/swagger/{**rest}", "/api/swagger/:rest")]
    [InlineData("/", "/")]
    public void Route_templates_become_the_original_route_paths(string template, string path) =>
        Assert.Equal(path, RouteLabels.FromTemplate(template));

    private static async Task<TestApp> StartAsync(string? enabled)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (enabled is not null)
        {
            builder.Configuration["Metrics:Prometheus:Enabled"] = enabled;
        }
        builder.AddServiceDefaults();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSanctumMetrics();
        builder.Services.AddSingleton<RealtimeMetrics>();
        builder.Services.ConfigureHttpJsonOptions(options => Sanctum.Api.Infrastructure.Json.JsonSetup.Configure(options.SerializerOptions));
        var app = builder.Build();
        // As in the API, where the realtime bus (a hosted service) creates its meter at start.
        app.Services.GetRequiredService<RealtimeMetrics>();
        app.MapMetricsApi();
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestApp(app, new Uri(address));
    }

    private sealed record TestApp(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public IServiceProvider Services => App.Services;

        public async ValueTask DisposeAsync()
        {
            await App.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await App.DisposeAsync();
        }
    }
}
