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
var pids = options.ApiPids;
using var api = new Api(options.Api, options.MaxInFlight);

Log.Line($"writer bench_{options.WriterUser} logs in; {options.Rate} posts/s over {options.Api.Length} replicas");
var writerToken = await api.LoginAsync(0, string.Format(options.EmailFormat, options.WriterUser), options.Password, ct);
var writer = new Writer(api, writerToken, options.SanctumIds, options.MaxInFlight);

async Task<Baseline> BaselineAsync(string phase)
{
    var start = CpuSample.Take(pids);
    var run = await writer.RunAsync(phase, options.Rate, options.Duration, ct);
    Log.Line($"{phase}: {run.AchievedRate} posts/s, REST p99 {Analysis.Rest(run).P99} ms");
    return new Baseline(run, CpuSample.Between(start, CpuSample.Take(pids)));
}

if (options.Warmup > 0)
    await writer.RunAsync("warmup", options.Rate, options.Warmup, ct);
var before = await BaselineAsync("without_sockets");

var tokens = await Fleet.LoginAsync(api, options, ct);
Log.Line($"{tokens.Length} socket users logged in; opening {options.Sockets} sockets");
var rssBefore = pids.Select(Memory.RssKib).ToArray();
var totals = new Totals();
using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
var (sockets, failed, noSnapshot) = await Fleet.OpenAsync(api, options, tokens, totals, invoker, ct);
// Let the servers finish the work of the handshakes before reading their memory.
await Task.Delay(TimeSpan.FromSeconds(2), ct);
var rssAfter = pids.Select(Memory.RssKib).ToArray();
Log.Line($"{sockets.Count} sockets open ({failed} failed)");

var phases = new List<SocketPhase>();
var created = 0L;
// A writer run with the sockets, then the wait (options.Drain at most) for its deliveries; false when they did not all
// arrive or a socket ended, so that a backlog does not spill into the next step.
async Task<bool> RunPhaseAsync(PhaseKind kind, string name, double rate, double seconds)
{
    var start = CpuSample.Take(pids);
    var run = await writer.RunAsync(name, rate, seconds, ct);
    created += run.Writes.Count(w => w.Created);
    var expected = created * sockets.Count;
    var deadline = DateTime.UtcNow.AddSeconds(options.Drain);
    while (Interlocked.Read(ref totals.PostCreated) < expected && DateTime.UtcNow < deadline)
        await Task.Delay(50, ct);
    var missing = expected - Interlocked.Read(ref totals.PostCreated);
    var ended = Interlocked.Read(ref totals.Closed);
    var dropped = Interlocked.Read(ref totals.MessagesDropped);
    phases.Add(new SocketPhase(kind, run, ended, dropped, CpuSample.Between(start, CpuSample.Take(pids))));
    Log.Line($"{name}: {run.AchievedRate} posts/s, REST p99 {Analysis.Rest(run).P99} ms, " +
             (missing <= 0 ? "every event delivered" : $"{missing} events missing after {options.Drain} s") +
             $", sockets ended {ended}, messages_dropped {dropped}");
    return missing <= 0 && ended == 0;
}

// The first events through fresh sockets also warm the delivery path: not measured.
if (options.Warmup > 0)
    await RunPhaseAsync(PhaseKind.Warmup, "warmup_with_sockets", options.Rate, options.Warmup);
var steadyOk = await RunPhaseAsync(PhaseKind.Steady, "with_sockets", options.Rate, options.Duration);
var rampStopped = (double?)null;
if (steadyOk)
{
    foreach (var rate in options.Ramp)
    {
        if (await RunPhaseAsync(PhaseKind.Ramp, $"ramp_{rate}", rate, options.RampStep))
            continue;
        rampStopped = rate;
        break;
    }
}

await Task.WhenAll(sockets.Select(s => s.CloseAsync()));
var deliveries = Analysis.Deliveries(phases.Select(p => p.Run).ToList(), sockets, out var foreign);
// The baseline once more, after the sockets closed: the machine's load drifts, so both runs make the baseline.
await Task.Delay(TimeSpan.FromSeconds(2), ct);
var afterSockets = await BaselineAsync("without_sockets_after");

var report = Report.Build(options, [before, afterSockets], phases, deliveries,
    new SocketCounts(sockets, failed, noSnapshot, foreign), rssBefore, rssAfter, rampStopped);
Console.WriteLine(report.ToJsonString());
return 0;
