using System.ComponentModel.DataAnnotations;

namespace Sanctum.Api.Infrastructure.Lifecycle;

/// <summary>Section <c>Shutdown</c>: what SIGTERM does (see <see cref="GracefulShutdown"/>).</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>Seconds <c>/health/ready</c> answers 503 while the API still serves everything, so a load balancer
    /// sees it and stops sending before the listener closes (a Kubernetes endpoint update takes a few seconds).</summary>
    [Range(0, 300)]
    public int ReadinessDelaySeconds { get; set; } = 5;

    /// <summary>Seconds in-flight requests get to finish once the listener has closed; whatever is still running
    /// then is abandoned. The host's <see cref="HostOptions.ShutdownTimeout"/> is this plus the readiness delay.</summary>
    [Range(1, 600)]
    public int GraceSeconds { get; set; } = 20;

    /// <summary>Seconds the telemetry exporters get to send what they hold after the host has stopped. An OTLP
    /// collector that is gone (the dashboard stops with the AppHost) would otherwise hold the exit for the exporter's
    /// own timeout, once per signal.</summary>
    [Range(0, 60)]
    public int TelemetryFlushSeconds { get; set; } = 2;

    public TimeSpan ReadinessDelay => TimeSpan.FromSeconds(ReadinessDelaySeconds);

    public TimeSpan Grace => TimeSpan.FromSeconds(GraceSeconds);

    public TimeSpan TelemetryFlush => TimeSpan.FromSeconds(TelemetryFlushSeconds);
}
