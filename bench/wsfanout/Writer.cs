using System.Diagnostics;
using System.Net;

namespace WsFanout;

/// <summary>One post the writer created (or tried to): when its request left and when its response was read.</summary>
public sealed record Write(string Phase, int Sequence, int Replica, HttpStatusCode Status, long PostId, long SentAt, long DoneAt)
{
    public bool Created => Status == HttpStatusCode.Created && PostId > 0;
    public double LatencyMs => Stopwatch.GetElapsedTime(SentAt, DoneAt).TotalMilliseconds;
}

/// <summary>An open-loop writer: request <c>i</c> is due at <c>start + i / rate</c> whatever the earlier ones are
/// doing (at most <c>maxInFlight</c> at once), alternating the replicas so that half of every socket's events
/// cross the Redis bus.</summary>
public sealed class Writer(Api api, string token, long[] sanctumIds, int maxInFlight)
{
    public sealed record Run(string Phase, double TargetRate, double Seconds, double AchievedRate, IReadOnlyList<Write> Writes);

    public async Task<Run> RunAsync(string phase, double rate, double seconds, CancellationToken ct)
    {
        var count = Math.Max(1, (int)Math.Round(rate * seconds));
        var writes = new Write[count];
        var tasks = new Task[count];
        using var inFlight = new SemaphoreSlim(maxInFlight);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * Stopwatch.Frequency / rate);
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > 0)
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), ct);
            await inFlight.WaitAsync(ct);
            var sequence = i;
            tasks[i] = Task.Run(async () =>
            {
                try
                {
                    writes[sequence] = await OneAsync(phase, sequence, ct);
                }
                finally
                {
                    inFlight.Release();
                }
            }, ct);
        }
        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(start, writes.Max(w => w.DoneAt)).TotalSeconds;
        return new Run(phase, rate, seconds, Math.Round(count / elapsed, 1), writes);
    }

    private async Task<Write> OneAsync(string phase, int sequence, CancellationToken ct)
    {
        var replica = sequence % api.Replicas;
        long? sanctum = sanctumIds.Length == 0 ? null : sanctumIds[sequence % sanctumIds.Length];
        var sent = Stopwatch.GetTimestamp();
        try
        {
            var (status, postId) = await api.CreatePostAsync(replica, token, $"wsfanout {phase} {sequence}", sanctum, ct);
            return new Write(phase, sequence, replica, status, postId, sent, Stopwatch.GetTimestamp());
        }
        catch (HttpRequestException e)
        {
            Log.Line($"{phase} #{sequence}: {e.Message}");
            return new Write(phase, sequence, replica, 0, 0, sent, Stopwatch.GetTimestamp());
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            Log.Line($"{phase} #{sequence}: timed out ({e.Message})");
            return new Write(phase, sequence, replica, HttpStatusCode.RequestTimeout, 0, sent, Stopwatch.GetTimestamp());
        }
    }
}

public static class Log
{
    public static void Line(string message) =>
        Console.Error.WriteLine($"[wsfanout {DateTime.UtcNow:HH:mm:ss}] {message}");
}
