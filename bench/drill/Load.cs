using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Drill;

/// <summary>
/// The steady mixed load: an open-loop schedule of <see cref="Options.Rate"/> requests per second (a request is
/// started when it is due, whatever the ones before are doing, up to <see cref="Options.MaxInFlight"/>), spread over
/// the replicas by <see cref="Replicas"/>. Every request is recorded with its replica, status and latency; a 2xx
/// write also with the id it created (post, comment) or the like state it left; a failed write with the marker in its
/// text, so the drill can find out afterwards whether it was applied (bench/drill.sh, "nothing lost").
/// No request is retried: a retry would hide what the client saw.
/// </summary>
public sealed class Load(Options options, Replicas replicas, Recorder recorder, string[] tokens, string runId)
{
    // (operation, weight): reads first, then the writes, then the two probes of the rate-limit policies: search
    // (fail-open, keyed by address) and login (fail-closed).
    private static readonly (string Op, int Weight)[] Mix =
        [("feed", 30), ("detail", 28), ("search", 5), ("create_post", 12), ("comment", 10), ("like", 14), ("login", 1)];

    private readonly int totalWeight = Mix.Sum(m => m.Weight);
    private long sequence;
    private long likeSequence;
    private int inFlight;
    public long Skipped;

    public async Task RunAsync(CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        long issued = 0;
        var running = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * options.Rate);
            for (; issued < due; issued++)
            {
                if (Volatile.Read(ref inFlight) >= options.MaxInFlight)
                {
                    Interlocked.Increment(ref Skipped);
                    continue;
                }
                Interlocked.Increment(ref inFlight);
                running.Add(Task.Run(OneAsync, CancellationToken.None));
            }
            if (running.Count > 1000)
                running.RemoveAll(task => task.IsCompleted);
            try
            {
                await Task.Delay(5, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(running);
    }

    private async Task OneAsync()
    {
        try
        {
            var seq = Interlocked.Increment(ref sequence);
            var roll = (int)(seq * 2654435761L % totalWeight);
            var op = Mix[0].Op;
            foreach (var (name, weight) in Mix)
            {
                if (roll < weight)
                {
                    op = name;
                    break;
                }
                roll -= weight;
            }
            await SendAsync(op, seq);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private async Task SendAsync(string op, long seq)
    {
        var user = (int)(seq % tokens.Length);
        var random = Random.Shared;
        HttpRequestMessage request;
        var marker = "";
        var detail = "";
        switch (op)
        {
            case "feed":
                request = new HttpRequestMessage(HttpMethod.Get, "api/posts?limit=20");
                break;
            case "detail":
                request = new HttpRequestMessage(HttpMethod.Get, $"api/posts/{random.NextInt64(1, options.MaxPostId + 1)}");
                break;
            case "search":
                request = new HttpRequestMessage(HttpMethod.Get, "api/posts/search?q=guitar&limit=10");
                break;
            case "login":
                request = new HttpRequestMessage(HttpMethod.Post, "api/auth/login")
                {
                    Content = Json(JsonSerializer.Serialize(new Dictionary<string, string>
                    {
                        ["email"] = $"bench_{user + 1}@bench.local", ["password"] = options.Password,
                    })),
                };
                break;
            case "create_post":
                marker = $"drill-{runId}-p{seq}";
                detail = $"{marker};{user + 1}";
                var sanctum = options.SanctumIds[random.Next(options.SanctumIds.Length)];
                request = Authorized(HttpMethod.Post, "api/posts", user,
                    $"{{\"title\":\"{marker}\",\"content\":\"Written by the fault drill\",\"post_type\":\"text\",\"sanctum_id\":{sanctum}}}");
                break;
            case "comment":
                marker = $"drill-{runId}-c{seq}";
                var post = random.NextInt64(1, options.MaxPostId + 1);
                detail = $"{marker};{post};{user + 1}";
                request = Authorized(HttpMethod.Post, $"api/posts/{post}/comments", user, $"{{\"content\":\"{marker}\"}}");
                break;
            default: // like: every (user, post) pair is toggled at most once in a run, so its final state is known.
                var k = Interlocked.Increment(ref likeSequence) - 1;
                user = (int)(k % tokens.Length);
                var target = k / tokens.Length % options.MaxPostId + 1;
                detail = $"{user + 1};{target}";
                request = Authorized(HttpMethod.Post, $"api/posts/{target}/like", user, null);
                break;
        }

        var replica = replicas.Pick();
        var started = Recorder.Now();
        var clock = Stopwatch.StartNew();
        using (request)
        {
            try
            {
                using var response = await replicas.Clients[replica].SendAsync(request);
                var body = await response.Content.ReadAsByteArrayAsync();
                var latency = clock.Elapsed.TotalMilliseconds;
                var status = (int)response.StatusCode;
                long id = 0;
                var code = "";
                if (status is >= 200 and < 300)
                {
                    if (op is "create_post" or "comment" or "like")
                    {
                        using var json = JsonDocument.Parse(body);
                        if (op == "like")
                            detail += json.RootElement.GetProperty("liked").GetBoolean() ? ";liked" : ";unliked";
                        else
                            id = json.RootElement.GetProperty("id").GetInt64();
                    }
                }
                else
                {
                    code = ProblemCode(body);
                }
                recorder.Write(started, latency, replica, op, status, code, id, detail);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                var kind = Replicas.Classify(e);
                if (kind is "refused" or "reset" or "io")
                    replicas.MarkDown(replica);
                recorder.Write(started, clock.Elapsed.TotalMilliseconds, replica, op, 0, kind, 0, detail);
            }
        }
    }

    /// <summary>The problem body's <c>code</c> (e.g. UNAVAILABLE), "no_problem_body" when the body is not one.</summary>
    private static string ProblemCode(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("code", out var code) && json.RootElement.TryGetProperty("status", out _)
                ? code.ToString() : "no_problem_body";
        }
        catch (JsonException)
        {
            return "no_problem_body";
        }
    }

    private HttpRequestMessage Authorized(HttpMethod method, string path, int user, string? body)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[user]);
        if (body is not null)
            request.Content = Json(body);
        return request;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{sequence} requests, {Skipped} skipped");
}
