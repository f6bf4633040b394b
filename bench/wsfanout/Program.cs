using WsFanout;

// ws_fanout (bench/README.md): notification sockets spread over the API replicas, a writer creating posts at a steady
// rate, and the delay from each POST /api/posts response to each socket's receipt of its post_created event.
// Progress goes to stderr; the one JSON object on stdout is what bench/run.sh merges into latest.json.
Options options;
try
{
    options = Options.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"wsfanout: {e.Message}");
    Console.Error.WriteLine("usage: wsfanout --api http://host:port[,http://host:port] [--api-pids p1,p2] [--sockets 1000] " +
        "[--sockets-per-user 10] [--rate 25] [--duration 10] [--ramp 25,50,100,200,400] [--ramp-step 5] ...  (see Options.cs)");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var ct = cancel.Token;
using var api = new Api(options.Api, options.MaxInFlight);

Log.Line($"writer bench_{options.WriterUser} logs in; {options.Rate} posts/s over {options.Api.Length} replicas");
var writerToken = await api.LoginAsync(0, string.Format(options.EmailFormat, options.WriterUser), options.Password, ct);
var writer = new Writer(api, writerToken, options.SanctumIds, options.MaxInFlight);
if (options.Warmup > 0)
    await writer.RunAsync("warmup", options.Rate, options.Warmup, ct);
var without = await writer.RunAsync("without_sockets", options.Rate, options.Duration, ct);
Log.Line($"without sockets: {without.AchievedRate} posts/s, REST p99 {Analysis.Rest(without).P99} ms");

var tokens = await Fleet.LoginAsync(api, options, ct);
Log.Line($"{tokens.Length} socket users logged in; opening {options.Sockets} sockets");
var rssBefore = options.ApiPids.Select(Memory.RssKib).ToArray();
var totals = new Totals();
using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
var (sockets, failed, noSnapshot) = await Fleet.OpenAsync(api, options, tokens, totals, invoker, ct);
// Let the servers finish the work of the handshakes before reading their memory.
await Task.Delay(TimeSpan.FromSeconds(2), ct);
var rssAfter = options.ApiPids.Select(Memory.RssKib).ToArray();
Log.Line($"{sockets.Count} sockets open ({failed} failed)");

var runs = new List<Writer.Run>();
// Sockets ended and messages_dropped frames so far, after each run's drain (the ramp may end sockets; the steady run should not).
var after = new List<(long Ended, long Dropped)>();
var created = 0L;
async Task<bool> RunPhaseAsync(string phase, double rate, double seconds)
{
    var run = await writer.RunAsync(phase, rate, seconds, ct);
    runs.Add(run);
    created += run.Writes.Count(w => w.Created);
    var expected = created * sockets.Count;
    var deadline = DateTime.UtcNow.AddSeconds(options.Drain);
    while (Interlocked.Read(ref totals.PostCreated) < expected && DateTime.UtcNow < deadline)
        await Task.Delay(50, ct);
    var drained = Interlocked.Read(ref totals.PostCreated) >= expected;
    after.Add((Interlocked.Read(ref totals.Closed), Interlocked.Read(ref totals.MessagesDropped)));
    Log.Line($"{phase}: {run.AchievedRate} posts/s, REST p99 {Analysis.Rest(run).P99} ms, " +
             (drained ? "every event delivered" : $"{expected - Interlocked.Read(ref totals.PostCreated)} events missing after {options.Drain} s") +
             $", sockets ended {Interlocked.Read(ref totals.Closed)}, messages_dropped {Interlocked.Read(ref totals.MessagesDropped)}");
    return drained && Interlocked.Read(ref totals.Closed) == 0;
}

var steadyOk = await RunPhaseAsync("with_sockets", options.Rate, options.Duration);
var rampStopped = (double?)null;
if (steadyOk)
{
    foreach (var rate in options.Ramp)
    {
        if (await RunPhaseAsync($"ramp_{rate}", rate, options.RampStep))
            continue;
        // A backlog that did not drain (or a dropped socket) would spill into the next step: stop here.
        rampStopped = rate;
        break;
    }
}

await Task.WhenAll(sockets.Select(s => s.CloseAsync()));
var deliveries = Analysis.Deliveries(runs, sockets, out var foreign);
var report = Report.Build(options, without, runs, after, deliveries, sockets, failed, noSnapshot, foreign, rssBefore, rssAfter, rampStopped);
Console.WriteLine(report.ToJsonString());
return 0;
