using System.Net.Http.Headers;
using System.Net.WebSockets;

namespace Sanctum.Tests.TestSupport;

/// <summary>
/// Opening the sockets of contract 12 as a user, on a chosen API replica: a ticket from <c>POST /api/ws/ticket</c>
/// (issued by the same replica), then the handshake with <c>?ticket=</c>. The app is shared by every test, so a
/// socket also sees other tests' broadcast events: always wait for frames that carry your own ids.
/// </summary>
public static class TestSockets
{
    public const string Notifications = "/api/ws";
    public const string Chat = "/api/ws/chat";
    public const string Game = "/api/ws/game";

    /// <summary>How long a test waits for a frame it expects; a wait that runs out fails the test.</summary>
    public static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A client of <paramref name="replica"/> that sends the user's access token (and its own client address).</summary>
    public static HttpClient ClientFor(this SanctumAppFixture app, TestUser user, int replica)
    {
        var client = app.CreateClient(replica);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return client;
    }

    public static async Task<string> IssueTicketAsync(this SanctumAppFixture app, TestUser user, int replica = 0)
    {
        var body = await (await app.ClientFor(user, replica).PostAsync("/api/ws/ticket", null)).ExpectJsonAsync(HttpStatusCode.OK);
        return body.GetProperty("ticket").GetString()!;
    }

    /// <summary>The <c>ws://</c> address of <paramref name="pathAndQuery"/> on one replica.</summary>
    public static Uri WebSocketUri(this SanctumAppFixture app, int replica, string pathAndQuery)
    {
        var http = app.ReplicaAddresses[replica];
        return new Uri($"ws://{http.Authority}{pathAndQuery}");
    }

    /// <summary>Adds <c>ticket=</c> to a path that may already have a query (<c>/api/ws/game?room_id=5</c>).</summary>
    public static string WithTicket(string pathAndQuery, string ticket) =>
        $"{pathAndQuery}{(pathAndQuery.Contains('?') ? '&' : '?')}ticket={ticket}";

    /// <summary>Opens <paramref name="path"/> as the user through a fresh ticket; the upgrade must succeed.</summary>
    public static async Task<TestSocket> ConnectAsync(this SanctumAppFixture app, TestUser user, string path = Notifications, int replica = 0)
    {
        var ticket = await app.IssueTicketAsync(user, replica);
        return await app.ConnectUriAsync(app.WebSocketUri(replica, WithTicket(path, ticket)));
    }

    /// <summary>Opens a socket with a Bearer header instead of a ticket (contract 12.1 accepts both).</summary>
    public static Task<TestSocket> ConnectWithBearerAsync(this SanctumAppFixture app, TestUser user, string path = Notifications, int replica = 0) =>
        app.ConnectUriAsync(app.WebSocketUri(replica, path), user.Token);

    public static async Task<TestSocket> ConnectUriAsync(this SanctumAppFixture app, Uri uri, string? bearer = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-Forwarded-For", TestData.NextClientIp());
        if (bearer is not null)
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {bearer}");
        }
        using var timeout = new CancellationTokenSource(FrameTimeout);
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
        }
        catch (WebSocketException ex)
        {
            socket.Dispose();
            throw new Xunit.Sdk.XunitException($"The upgrade of {uri.AbsolutePath} failed: {ex.Message}");
        }
        return new TestSocket(socket, uri.AbsolutePath);
    }

    /// <summary>
    /// Sends a WebSocket upgrade request through HttpClient and returns the answer, for handshakes that must be
    /// refused before the upgrade (their problem body is readable, which <see cref="ClientWebSocket"/> hides).
    /// </summary>
    public static async Task<HttpResponseMessage> HandshakeAsync(this SanctumAppFixture app, string pathAndQuery, int replica = 0,
        string? bearer = null, bool upgrade = true)
    {
        var client = app.CreateClient(replica);
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery) { Version = HttpVersion.Version11 };
        if (upgrade)
        {
            request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
            request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
            request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
            request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return await client.SendAsync(request);
    }

    /// <summary>A raw socket (hand-made upgrade over TCP) for frame-level tests: pings, silence, not reading.</summary>
    public static async Task<RawSocket> ConnectRawAsync(this SanctumAppFixture app, TestUser user, string path = Notifications, int replica = 0,
        int receiveBufferSize = 4096)
    {
        var ticket = await app.IssueTicketAsync(user, replica);
        return await RawSocket.ConnectAsync(app.ReplicaAddresses[replica], WithTicket(path, ticket), receiveBufferSize);
    }

    /// <summary>The project's problem shape (decision 3) for a status whose <c>code</c> the contract does not name.</summary>
    public static async Task<JsonElement> ExpectProblemWithoutCodeAsync(this HttpResponseMessage response, HttpStatusCode status, string error)
    {
        var body = await response.ExpectJsonAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.Equal(error, body.GetProperty("detail").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("request_id").GetString()));
        return body;
    }

    /// <summary>A random value of a ticket's shape (64 lowercase hex) that was never issued.</summary>
    public static string RandomTicket() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
}
