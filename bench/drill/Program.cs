using System.Text;
using System.Text.Json;
using Drill;

// The load tool of the fault drills (bench/drill/README.md): logs in the users, opens the notifications socket, then
// runs the steady mixed load, the readiness probes and the socket until the stop file appears; writes
// <out>/requests.csv and <out>/tool.json. bench/drill.sh decides the phases; bench/drill/report.py judges them.
var options = Options.Parse(args);
Directory.CreateDirectory(options.Out);
var runId = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
using var replicas = new Replicas(options.Api);

var tokens = new string[options.Users];
for (var user = 0; user < options.Users; user++)
{
    var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["email"] = $"bench_{user + 1}@bench.local", ["password"] = options.Password });
    using var response = await replicas.Clients[0].PostAsync("api/auth/login", new StringContent(body, Encoding.UTF8, "application/json"));
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
        throw new InvalidOperationException($"login of bench_{user + 1} answered {(int)response.StatusCode}: {text}");
    using var json = JsonDocument.Parse(text);
    tokens[user] = json.RootElement.GetProperty("token").GetString()!;
}

await using var recorder = new Recorder(Path.Combine(options.Out, "requests.csv"));
using var stop = new CancellationTokenSource();
var load = new Load(options, replicas, recorder, tokens, runId);
var socket = new SocketClient(replicas, recorder, tokens[0], options.SocketReplica % options.Api.Length);
var tasks = new[]
{
    load.RunAsync(stop.Token),
    HealthProbe.RunAsync(replicas, recorder, stop.Token),
    socket.RunAsync(stop.Token),
};
await File.WriteAllTextAsync(Path.Combine(options.Out, "started"), runId);
Console.Error.WriteLine($"[drill-load] {options.Rate} req/s over {string.Join(", ", options.Api)}; stop file {options.StopFile}");
while (!File.Exists(options.StopFile))
    await Task.Delay(200);
stop.Cancel();
await Task.WhenAll(tasks);
await File.WriteAllTextAsync(Path.Combine(options.Out, "tool.json"),
    JsonSerializer.Serialize(new Dictionary<string, object> { ["run_id"] = runId, ["rate"] = options.Rate, ["users"] = options.Users, ["skipped"] = load.Skipped }));
Console.Error.WriteLine($"[drill-load] stopped: {load}");
