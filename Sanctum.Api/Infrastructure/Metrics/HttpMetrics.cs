using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Sanctum.Api.Infrastructure.Metrics;

/// <summary>
/// Meter <c>Sanctum.Http</c>: the original's request series (contract 14, fiberprometheus), so that a Prometheus that
/// scraped the original keeps its queries: <c>http_requests_total{status_code,method,path,service}</c>,
/// <c>http_request_duration_seconds{status_code,method,path,service}</c> (histogram) and
/// <c>http_requests_in_progress_total{method,path,service}</c>, with <c>service="sanctum-api"</c>. <c>path</c> is the
/// route template in the original's Fiber form (<c>/api/posts/:id</c>), never the raw URL, and <c>unmatched</c> for a
/// request no route took; the series stay bounded by the route table. OpenTelemetry's own
/// <c>http.server.request.duration</c> is kept beside them.
/// The same measurements feed <see cref="RequestWindow"/> for <c>GET /api/metrics/dashboard</c>.
/// </summary>
public sealed class HttpMetrics
{
    public const string Name = "Sanctum.Http";
    public const string Service = "sanctum-api";
    public const string Unmatched = "unmatched";

    /// <summary>Seconds; finer than Prometheus' default buckets below 5 ms, where most of this API's answers land.</summary>
    private static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly KeyValuePair<string, object?> ServiceTag = new("service", Service);

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly UpDownCounter<long> _inProgress;
    private long _inFlight;

    public HttpMetrics(IMeterFactory meters, RequestWindow window)
    {
        Window = window;
        var meter = meters.Create(Name);
        // Names already in their Prometheus form: the exporter appends neither _total (present) nor a unit (none given;
        // "_seconds" is in the name), so the scrape shows exactly these.
        _requests = meter.CreateCounter<long>("http_requests_total", null, "Count all http requests by status code, method and path.");
        _duration = meter.CreateHistogram("http_request_duration_seconds", null, "Duration of all HTTP requests by status code, method and path.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _inProgress = meter.CreateUpDownCounter<long>("http_requests_in_progress_total", null, "All the requests in progress");
    }

    public RequestWindow Window { get; }

    /// <summary>Requests being handled by an endpoint on this replica now (WebSocket sessions excluded).</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    public void Started(string method, string path)
    {
        Interlocked.Increment(ref _inFlight);
        _inProgress.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("path", path), ServiceTag);
    }

    public void Ended(string method, string path)
    {
        Interlocked.Decrement(ref _inFlight);
        _inProgress.Add(-1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("path", path), ServiceTag);
    }

    /// <summary>One finished request; <paramref name="seconds"/> is null for a WebSocket session, whose length says
    /// nothing about latency (it is counted, not timed).</summary>
    public void Completed(string method, string path, int statusCode, double? seconds)
    {
        var tags = new TagList
        {
            { "status_code", StatusCodeText(statusCode) },
            { "method", method },
            { "path", path },
            ServiceTag,
        };
        _requests.Add(1, tags);
        if (seconds is { } duration)
        {
            _duration.Record(duration, tags);
        }
        Window.Record(statusCode, seconds);
    }

    private static string StatusCodeText(int statusCode) => statusCode switch
    {
        200 => "200",
        201 => "201",
        204 => "204",
        400 => "400",
        401 => "401",
        403 => "403",
        404 => "404",
        429 => "429",
        500 => "500",
        503 => "503",
        _ => statusCode.ToString(CultureInfo.InvariantCulture),
    };
}
