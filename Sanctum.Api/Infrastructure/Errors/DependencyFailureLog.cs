using Sanctum.Api.Infrastructure.Metrics;

namespace Sanctum.Api.Infrastructure.Errors;

/// <summary>
/// Logs a dependency failure once per burst instead of once per request: the first failure of a source is logged
/// with its exception, later ones within <see cref="Window"/> are only counted, and the next failure after the
/// window is logged with that count. An outage of minutes costs one line per window per source.
/// Every failure, logged or not, is also counted in <see cref="DependencyMetrics"/> (when the app registers it).
/// </summary>
public sealed class DependencyFailureLog(TimeProvider clock, ILogger<DependencyFailureLog> logger, DependencyMetrics? metrics = null)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, Burst> _bursts = [];

    /// <summary>Records one failure of <paramref name="dependency"/> met while doing <paramref name="action"/>
    /// (e.g. "cache read", "request answered 503"); <paramref name="detail"/> names the operation.</summary>
    /// <returns>True when this failure was logged, false when it was only counted.</returns>
    public bool Report(LogLevel level, string dependency, string action, string detail, Exception exception)
    {
        metrics?.Failed(dependency, action);
        var now = clock.GetUtcNow();
        long suppressed;
        lock (_bursts)
        {
            var key = $"{dependency}\n{action}";
            if (_bursts.TryGetValue(key, out var burst) && now - burst.LoggedAt < Window)
            {
                burst.Suppressed++;
                return false;
            }
            suppressed = burst?.Suppressed ?? 0;
            _bursts[key] = new Burst(now);
        }
        logger.Log(level, exception,
            "{Dependency} unavailable ({Action}: {Detail}); {Suppressed} more such failures since the last report. Further ones in the next {WindowSeconds} s are counted, not logged",
            dependency, action, detail, suppressed, Window.TotalSeconds);
        return true;
    }

    private sealed class Burst(DateTimeOffset loggedAt)
    {
        public DateTimeOffset LoggedAt { get; } = loggedAt;

        public long Suppressed { get; set; }
    }
}
