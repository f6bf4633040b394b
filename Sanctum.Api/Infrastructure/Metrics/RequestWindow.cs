namespace Sanctum.Api.Infrastructure.Metrics;

/// <summary>
/// The last <see cref="Seconds"/> seconds of this replica's requests, for <c>GET /api/metrics/dashboard</c>: a count
/// and a 5xx count per second (a ring of one-second slots) and the durations of the latest <see cref="MaxSamples"/>
/// timed requests (a ring), from which p50 and p99 are computed when the dashboard asks. Recording is one short lock;
/// memory is fixed. Under more than <see cref="MaxSamples"/> requests per window the percentiles describe the latest
/// ones only, which is what a status page wants.
/// </summary>
public sealed class RequestWindow(TimeProvider clock)
{
    public const int Seconds = 60;
    public const int MaxSamples = 4096;

    private readonly object _gate = new();
    private readonly Slot[] _slots = new Slot[Seconds];
    private readonly Sample[] _samples = new Sample[MaxSamples];
    private readonly long _startedAt = clock.GetTimestamp();
    private int _nextSample;
    private long _serverErrorsTotal;

    /// <summary>Time since this window (and so the replica's pipeline) was created.</summary>
    public TimeSpan Uptime => clock.GetElapsedTime(_startedAt);

    /// <summary>5xx answers since this replica started.</summary>
    public long ServerErrorsTotal => Interlocked.Read(ref _serverErrorsTotal);

    public void Record(int statusCode, double? seconds)
    {
        var second = CurrentSecond();
        var serverError = statusCode >= 500;
        if (serverError)
        {
            Interlocked.Increment(ref _serverErrorsTotal);
        }
        lock (_gate)
        {
            ref var slot = ref _slots[second % Seconds];
            if (slot.Second != second)
            {
                slot = new Slot { Second = second };
            }
            slot.Requests++;
            if (serverError)
            {
                slot.ServerErrors++;
            }
            if (seconds is { } duration)
            {
                _samples[_nextSample] = new Sample(second, duration);
                _nextSample = (_nextSample + 1) % MaxSamples;
            }
        }
    }

    public WindowSnapshot Snapshot()
    {
        var now = CurrentSecond();
        var oldest = now - Seconds + 1;
        long requests = 0, serverErrors = 0;
        var durations = new List<double>(MaxSamples);
        lock (_gate)
        {
            foreach (var slot in _slots)
            {
                if (slot.Second >= oldest && slot.Second <= now && slot.Requests > 0)
                {
                    requests += slot.Requests;
                    serverErrors += slot.ServerErrors;
                }
            }
            foreach (var sample in _samples)
            {
                if (sample.Second > 0 && sample.Second >= oldest)
                {
                    durations.Add(sample.Seconds);
                }
            }
        }
        durations.Sort();
        // A replica up for less than the window has not had the whole window to receive requests.
        var covered = Math.Clamp(clock.GetElapsedTime(_startedAt).TotalSeconds, 1, Seconds);
        return new WindowSnapshot(requests, serverErrors, requests / covered, Percentile(durations, 0.50), Percentile(durations, 0.99), durations.Count);
    }

    /// <summary>Nearest rank: the smallest sample with at least <paramref name="quantile"/> of them at or below it.</summary>
    private static double Percentile(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>Whole seconds since this replica started (starting at 1, so a zeroed slot is never current).</summary>
    private long CurrentSecond() => (long)clock.GetElapsedTime(_startedAt).TotalSeconds + 1;

    private struct Slot
    {
        public long Second;
        public long Requests;
        public long ServerErrors;
    }

    private readonly record struct Sample(long Second, double Seconds);
}

/// <summary>The window's totals: requests and 5xx answers, the request rate, and p50/p99 in seconds over
/// <paramref name="Samples"/> timed requests (0 when there were none).</summary>
public readonly record struct WindowSnapshot(long Requests, long ServerErrors, double PerSecond, double P50, double P99, int Samples);
