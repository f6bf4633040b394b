using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ChatFanout;

// bench/README.md, "chat_fanout": every member of every room on a chat socket (alternating replicas) and joined to its
// room; each member sends messages over REST at a steady rate (open loop: message i is due at i / total rate); each
// socket timestamps the messages it receives. Prints one JSON object on stdout; progress goes to stderr.
var options = Options.Parse(args);
var rooms = Room.Load(options.RoomsFile);
using var api = new Api(options.Api, options.MaxInFlight + options.Parallel);
var totals = new Totals();
var members = new List<MemberSocket>();
foreach (var room in rooms)
{
    foreach (var user in room.Users)
    {
        members.Add(new MemberSocket(members.Count, room, user, members.Count % api.Replicas, totals));
    }
}
var byRoom = members.GroupBy(member => member.Room.Index).ToDictionary(group => group.Key, group => group.ToArray());
Log($"{rooms.Count} rooms, {members.Count} members, {options.RatePerMember} msg/s each, on {string.Join(", ", options.Api)}");

using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(20));
var ct = cancel.Token;

// 1. Log in and open the sockets (each joined to its room), a few at a time.
var setup = Stopwatch.StartNew();
var failed = 0;
await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = options.Parallel, CancellationToken = ct }, async (member, token) =>
{
    try
    {
        member.Token = await api.LoginAsync(member.Replica, $"bench_{member.User}@bench.local", options.Password, token);
        var ticket = await api.TicketAsync(member.Replica, member.Token, token);
        var uri = new Uri(options.Api[member.Replica].Replace("http", "ws", StringComparison.Ordinal) + $"/api/ws/chat?ticket={Uri.EscapeDataString(ticket)}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await member.OpenAsync(uri, timeout.Token);
    }
    catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
    {
        Interlocked.Increment(ref failed);
        Log($"member {member.Index} (bench_{member.User}) failed to open: {e.Message}");
    }
});
var open = members.Count - failed;
Log($"{open} sockets open and joined in {setup.Elapsed.TotalSeconds:F1} s ({failed} failed)");
var senders = members.Where(member => member.Token.Length > 0).ToArray();
if (senders.Length == 0)
{
    throw new InvalidOperationException("no member could log in");
}

// 2. Send: warm-up (not measured), then the measured run, on one open-loop schedule over every member.
var totalRate = options.RatePerMember * members.Count;
var warmupCount = (int)(totalRate * options.WarmupSeconds);
var total = warmupCount + (int)(totalRate * options.DurationSeconds);
var sends = new Send[total];
using var inFlight = new SemaphoreSlim(options.MaxInFlight);
var clock = Stopwatch.StartNew();
var tasks = new List<Task>(total);
long measuredStart = 0, measuredEnd = 0;
for (var seq = 0; seq < total; seq++)
{
    var due = TimeSpan.FromSeconds(seq / totalRate);
    var wait = due - clock.Elapsed;
    if (wait > TimeSpan.Zero)
        await Task.Delay(wait, ct);
    if (seq == warmupCount)
        measuredStart = Stopwatch.GetTimestamp();
    await inFlight.WaitAsync(ct);
    var sender = senders[seq % senders.Length];
    var current = seq;
    tasks.Add(Task.Run(async () =>
    {
        var start = Stopwatch.GetTimestamp();
        HttpStatusCode status;
        try
        {
            status = await api.SendAsync(current % api.Replicas, sender.Token, sender.Room.Id, MemberSocket.Content(current), ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            status = 0;
        }
        finally
        {
            inFlight.Release();
        }
        sends[current] = new Send(sender, start, Stopwatch.GetTimestamp(), status);
    }, ct));
}
await Task.WhenAll(tasks);
measuredEnd = Stopwatch.GetTimestamp();
var measuredSeconds = Stopwatch.GetElapsedTime(measuredStart, measuredEnd).TotalSeconds;
Log($"sent {total} ({warmupCount} warm-up) in {clock.Elapsed.TotalSeconds:F1} s");

// 3. Drain: until every other member has every message sent with 201 (or the drain time runs out).
long expectedAll = sends.Where(send => send.Status == HttpStatusCode.Created)
    .Sum(send => (long)byRoom[send.Sender.Room.Index].Count(member => member != send.Sender && member.Token.Length > 0));
var selfReceipts = sends.Count(send => send.Status == HttpStatusCode.Created);
var drain = Stopwatch.StartNew();
while (Interlocked.Read(ref totals.Messages) < expectedAll + selfReceipts && drain.Elapsed < TimeSpan.FromSeconds(options.DrainSeconds))
    await Task.Delay(100, ct);
Log($"received {Interlocked.Read(ref totals.Messages)} of {expectedAll + selfReceipts} (own copies included) after a {drain.Elapsed.TotalSeconds:F1} s drain");
await Task.WhenAll(members.Select(member => member.CloseAsync()));

// 4. Analysis of the measured messages only.
var delays = new List<double>();
var fromStart = new List<double>();
var rest = new List<double>();
long expected = 0, lost = 0, duplicated = 0;
var sendErrors = 0;
var receipts = members.ToDictionary(member => member, member => member.Received.GroupBy(r => r.Seq).ToDictionary(g => g.Key, g => (Count: g.Count(), First: g.Min(r => r.Timestamp))));
for (var seq = warmupCount; seq < total; seq++)
{
    var send = sends[seq];
    rest.Add(Stopwatch.GetElapsedTime(send.Start, send.End).TotalMilliseconds);
    if (send.Status != HttpStatusCode.Created)
    {
        sendErrors++;
        continue;
    }
    foreach (var member in byRoom[send.Sender.Room.Index])
    {
        if (member == send.Sender || member.Token.Length == 0)
            continue;
        expected++;
        if (!receipts[member].TryGetValue(seq, out var receipt))
        {
            lost++;
            continue;
        }
        if (receipt.Count > 1)
            duplicated += receipt.Count - 1;
        delays.Add((receipt.First - send.End) * 1000.0 / Stopwatch.Frequency);
        fromStart.Add((receipt.First - send.Start) * 1000.0 / Stopwatch.Frequency);
    }
}

var result = new Dictionary<string, object?>
{
    ["rooms"] = rooms.Count,
    ["members"] = rooms.Count == 0 ? 0 : rooms.Max(room => room.Users.Length),
    ["replicas"] = api.Replicas,
    ["sockets_open"] = open,
    ["sockets_failed"] = failed,
    ["sockets_ended"] = members.Count(member => member.Ended is not null),
    ["rate_per_member"] = options.RatePerMember,
    ["target_rate"] = Math.Round(totalRate, 1),
    ["achieved_rate"] = Math.Round((total - warmupCount) / Math.Max(measuredSeconds, 0.001), 1),
    ["duration_s"] = options.DurationSeconds,
    ["sent"] = total - warmupCount,
    ["send_errors"] = sendErrors,
    ["expected"] = expected,
    ["lost"] = lost,
    ["duplicated"] = duplicated,
    ["messages_dropped"] = Interlocked.Read(ref totals.MessagesDropped),
    ["delivery"] = Summary(delays),
    ["delivery_from_start"] = Summary(fromStart),
    ["rest"] = Summary(rest),
};
Console.WriteLine(JsonSerializer.Serialize(result));
return 0;

static Dictionary<string, object> Summary(List<double> values)
{
    values.Sort();
    double At(double p) => values.Count == 0 ? 0 : Math.Round(values[Math.Min(values.Count - 1, (int)Math.Ceiling(p * values.Count) - 1 < 0 ? 0 : (int)Math.Ceiling(p * values.Count) - 1)], 2);
    return new Dictionary<string, object>
    {
        ["samples"] = values.Count,
        ["p50_ms"] = At(0.50),
        ["p90_ms"] = At(0.90),
        ["p99_ms"] = At(0.99),
        ["max_ms"] = values.Count == 0 ? 0 : Math.Round(values[^1], 2),
    };
}

static void Log(string text) => Console.Error.WriteLine($"[chatfanout {DateTime.UtcNow:HH:mm:ss}] {text}");

/// <summary>One REST send: who sent it, when it started and ended (<see cref="Stopwatch.GetTimestamp"/>), the status (0: no answer).</summary>
internal readonly record struct Send(MemberSocket Sender, long Start, long End, HttpStatusCode Status);
