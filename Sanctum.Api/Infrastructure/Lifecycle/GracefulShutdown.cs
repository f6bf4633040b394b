using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Sanctum.Api.Infrastructure.Lifecycle;

/// <summary>
/// SIGTERM (or Ctrl+C, or the AppHost stopping the resource), in order:
/// <list type="number">
/// <item>Readiness turns 503 at once (<see cref="DrainState"/>) and the WebSockets are closed with 1001 "going away"
/// (<c>RealtimeSetup</c>), so clients reconnect to another replica.</item>
/// <item>For <see cref="ShutdownOptions.ReadinessDelay"/> everything else is still served, new <c>/api</c> requests
/// included (a load balancer that has not seen the 503 yet must not get errors); responses ask for
/// <c>Connection: close</c> so kept-alive clients reconnect elsewhere.</item>
/// <item>The background services stop (the image worker finishes the image in hand and claims no more), then the
/// listener closes and in-flight requests get up to <see cref="ShutdownOptions.Grace"/> to finish; the realtime bus
/// stops after them, so their events still go out.</item>
/// <item>The telemetry exporters get <see cref="ShutdownOptions.TelemetryFlush"/> to send what they hold, and the
/// process exits.</item>
/// </list>
/// </summary>
internal sealed class GracefulShutdown : IHostedLifecycleService
{
    private readonly DrainState _drain;
    private readonly ShutdownOptions _options;
    private readonly IServiceProvider _services;
    private readonly ILogger<GracefulShutdown> _logger;

    public GracefulShutdown(DrainState drain, IOptions<ShutdownOptions> options, IHostApplicationLifetime lifetime, IServiceProvider services,
        ILogger<GracefulShutdown> logger)
    {
        _drain = drain;
        _options = options.Value;
        _services = services;
        _logger = logger;
        // A signal fires ApplicationStopping before the host calls StoppingAsync: readiness must turn first.
        lifetime.ApplicationStopping.Register(drain.Begin);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs before any service stops and before the listener closes.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _drain.Begin();
        _logger.LogInformation("Shutting down: readiness is 503; serving for {Delay} s more, then in-flight requests get {Grace} s",
            _options.ReadinessDelaySeconds, _options.GraceSeconds);
        try
        {
            await Task.Delay(_options.ReadinessDelay, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout ran out first; go on stopping.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after every service and the listener have stopped: flushes telemetry within its budget, so a
    /// collector that is gone cannot hold the exit (the providers' own disposal would wait the exporter's timeout).</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        var budget = (int)_options.TelemetryFlush.TotalMilliseconds;
        var flushes = new List<Task<bool>>();
        if (_services.GetService<TracerProvider>() is { } traces)
        {
            flushes.Add(Task.Run(() => traces.Shutdown(budget), CancellationToken.None));
        }
        if (_services.GetService<MeterProvider>() is { } metrics)
        {
            flushes.Add(Task.Run(() => metrics.Shutdown(budget), CancellationToken.None));
        }
        if (_services.GetService<LoggerProvider>() is { } logs)
        {
            flushes.Add(Task.Run(() => logs.Shutdown(budget), CancellationToken.None));
        }
        // Shutdown(timeout) returns by itself when the budget is spent; the extra second only guards against a provider
        // that ignores it. An exporter still blocked afterwards runs on a background thread that does not hold the exit.
        var all = Task.WhenAll(flushes);
        if (await Task.WhenAny(all, Task.Delay(_options.TelemetryFlush + TimeSpan.FromSeconds(1), CancellationToken.None)) != all
            || (await all).Any(flushed => !flushed))
        {
            _logger.LogInformation("Telemetry not fully flushed within {Budget} s; exiting anyway", _options.TelemetryFlushSeconds);
        }
    }
}
