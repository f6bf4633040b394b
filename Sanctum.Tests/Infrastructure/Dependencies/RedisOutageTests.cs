using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Sanctum.AppHost;
using Sanctum.Tests.Posts;
using Sanctum.Tests.Realtime;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Infrastructure.Dependencies;

/// <summary>A second app of its own (the shared one never loses its Redis), for tests that stop a dependency.</summary>
[CollectionDefinition(Name)]
public sealed class OutageCollection : ICollectionFixture<SanctumAppFixture>
{
    public const string Name = "outage";
}

/// <summary>
/// Redis really stopped: reads that have a cache fall through to PostgreSQL (200), Redis-backed state answers
/// 503 with the problem body, nothing hangs or answers 500, and everything works again once Redis is back.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class RedisOutageTests(SanctumAppFixture app)
{
    /// <summary>A request that takes longer than this fails the test by timing out; it is no timing assertion.</summary>
    private static readonly TimeSpan FastAnswer = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task While_Redis_is_down_reads_fall_back_and_Redis_state_is_503_then_all_recovers()
    {
        var user = await app.SignupAsync("out");

        await ExecuteAsync(KnownResourceCommands.StopCommand);
        try
        {
            await WaitForRedisCheckAsync("unhealthy");

            // The orchestrator's readiness probe keeps the replica in service: it still serves without Redis.
            var serving = await (await FastClient().GetAsync("/health/serving")).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal("unhealthy", serving.GetProperty("checks").GetProperty("redis").GetString());
            await (await FastClient().GetAsync("/api/posts")).ExpectJsonAsync(HttpStatusCode.OK);
            await (await FastClient().GetAsync("/api/sanctums")).ExpectJsonAsync(HttpStatusCode.OK);
            await (await FastClient().PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password }))
                .ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE");
            await (await FastClient(user.Token).PostAsync("/api/ws/ticket", null))
                .ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE");
        }
        finally
        {
            await ExecuteAsync(KnownResourceCommands.StartCommand);
        }

        await WaitForRedisCheckAsync("healthy");
        await (await FastClient().GetAsync("/api/posts")).ExpectJsonAsync(HttpStatusCode.OK);
        await (await FastClient().GetAsync("/api/sanctums")).ExpectJsonAsync(HttpStatusCode.OK);
        var login = await (await FastClient().PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        await (await FastClient(login.GetProperty("token").GetString()).PostAsync("/api/ws/ticket", null)).ExpectJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>
    /// A notifications socket lives through an outage: it stays open, an event raised on its own replica still reaches
    /// it (local delivery), and once Redis is back events flow again without restarting the API, from the other replica
    /// too (the bus has resubscribed), and new tickets work.
    /// </summary>
    [Fact]
    public async Task A_socket_stays_open_through_a_Redis_outage_and_delivery_resumes_after_it()
    {
        var user = await app.SignupAsync("out");
        var author = await app.SignupAsync("out");
        await using var socket = await app.ConnectReadyAsync(user, replica: 0);

        await ExecuteAsync(KnownResourceCommands.StopCommand);
        try
        {
            await WaitForRedisCheckAsync("unhealthy");

            await (await FastClient().GetAsync("/api/posts")).ExpectJsonAsync(HttpStatusCode.OK);
            // The revocation check and the create_post limit fail open, so a write still raises its event.
            var during = await app.CreatePostOnAsync(author, replica: 0);
            await socket.ReceiveTypeAsync("post_created", frame => frame.Has("post_id", during.Id()));
            Assert.True(socket.IsOpen);
        }
        finally
        {
            await ExecuteAsync(KnownResourceCommands.StartCommand);
        }

        await WaitForRedisCheckAsync("healthy");
        Assert.True(socket.IsOpen);
        // The bus resubscribes by itself, shortly after Redis answers again: an event raised meanwhile may be missed.
        // Raised on the other replica (when there is one), so only Redis pub/sub can bring it.
        var other = app.ReplicaAddresses.Count - 1;
        await ExpectDeliveryResumesAsync(author, other, socket);
        await using var again = await app.ConnectReadyAsync(user, replica: 0);
        var after = await app.CreatePostOnAsync(author, replica: other);
        await again.ReceiveTypeAsync("post_created", frame => frame.Has("post_id", after.Id()));
        await socket.ReceiveTypeAsync("post_created", frame => frame.Has("post_id", after.Id()));
    }

    /// <summary>Creates posts until one reaches the socket (create_post allows 20 per user in tests).</summary>
    private async Task ExpectDeliveryResumesAsync(TestUser author, int replica, TestSocket socket)
    {
        for (var attempt = 1; attempt <= 15; attempt++)
        {
            var post = await app.CreatePostOnAsync(author, replica);
            if (await socket.TryReceiveAsync(frame => frame.Type() == "post_created" && frame.Has("post_id", post.Id()),
                    "post_created", TimeSpan.FromSeconds(2)) is not null)
            {
                return;
            }
        }
        Assert.Fail("No post_created reached the socket after Redis came back.");
    }

    private HttpClient FastClient(string? token = null)
    {
        var client = app.CreateClient();
        client.Timeout = FastAnswer;
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    private async Task ExecuteAsync(string command)
    {
        var result = await app.App.ResourceCommands.ExecuteCommandAsync(ResourceNames.Cache, command).WaitAsync(StateTimeout);
        Assert.True(result.Success, $"{command} on {ResourceNames.Cache}: {result.Message}");
    }

    /// <summary>Waits until every replica's own readiness check sees Redis in <paramref name="state"/>, so whichever
    /// replica the proxy picks next sees it too.</summary>
    private async Task WaitForRedisCheckAsync(string state)
    {
        using var timeout = new CancellationTokenSource(StateTimeout);
        await Task.WhenAll(app.ReplicaAddresses.Select((_, replica) => WaitForRedisCheckAsync(app.CreateClient(replica), state, timeout.Token)));
    }

    private static async Task WaitForRedisCheckAsync(HttpClient client, string state, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await client.GetAsync("/health/ready", cancellationToken);
            var body = await response.ReadJsonAsync();
            if (body.GetProperty("checks").GetProperty("redis").GetString() == state)
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}
