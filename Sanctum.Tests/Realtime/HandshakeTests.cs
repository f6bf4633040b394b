using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Realtime;

/// <summary>
/// The handshake of contract 12.1 on all three sockets: a single-use ticket (GETDEL) or a Bearer header, refused
/// before the upgrade with the problem body (401 bad credentials, 403 banned), 426 for a request that is no upgrade.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class HandshakeTests(SanctumAppFixture app)
{
    private const string BadTicket = "Invalid or expired WebSocket ticket";

    /// <summary>The three sockets; "game" stands for a game room of the test's own (<see cref="Path"/>).</summary>
    public static TheoryData<string> Paths => new() { TestSockets.Notifications, TestSockets.Chat, "game" };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_valid_ticket_upgrades_and_the_same_ticket_again_is_401(string channel)
    {
        var path = Path(channel);
        var user = await app.SignupAsync();
        var ticket = await app.IssueTicketAsync(user);
        var withTicket = TestSockets.WithTicket(path, ticket);

        await using var socket = await app.ConnectUriAsync(app.WebSocketUri(0, withTicket));
        Assert.True(socket.IsOpen);

        await (await app.HandshakeAsync(withTicket)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", BadTicket);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_ticket_never_issued_is_401(string channel)
    {
        var path = Path(channel);
        await (await app.HandshakeAsync(TestSockets.WithTicket(path, TestSockets.RandomTicket())))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", BadTicket);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task An_expired_ticket_is_401(string channel)
    {
        var path = Path(channel);
        var user = await app.SignupAsync();
        var ticket = await app.IssueTicketAsync(user);
        // Redis expires the key the way the 60-second TTL would.
        Assert.True(await app.Redis.GetDatabase().KeyExpireAsync($"ws_ticket:{ticket}", TimeSpan.FromMilliseconds(1)));
        await Task.Delay(TimeSpan.FromMilliseconds(50));

        await (await app.HandshakeAsync(TestSockets.WithTicket(path, ticket)))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", BadTicket);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task No_ticket_and_no_header_is_401(string channel)
    {
        var path = Path(channel);
        await (await app.HandshakeAsync(path)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Authorization required");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_valid_access_token_in_the_query_is_refused(string channel)
    {
        var path = Path(channel);
        var user = await app.SignupAsync();

        var response = await app.HandshakeAsync($"{path}{(path.Contains('?') ? '&' : '?')}token={user.Token}");

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Authorization required");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_bearer_header_upgrades(string channel)
    {
        var path = Path(channel);
        var user = await app.SignupAsync();

        await using var socket = await app.ConnectUriAsync(app.WebSocketUri(1, path), user.Token);

        Assert.True(socket.IsOpen);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_banned_user_is_403_with_a_ticket_or_a_header(string channel)
    {
        var path = Path(channel);
        var user = await app.SignupAsync();
        var ticket = await app.IssueTicketAsync(user);
        await app.BanAsync(user);

        await (await app.HandshakeAsync(TestSockets.WithTicket(path, ticket)))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Account is banned");
        await (await app.HandshakeAsync(path, bearer: user.Token))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Account is banned");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_request_that_is_no_upgrade_is_426_after_authentication(string channel)
    {
        var path = Path(channel);
        var user = await app.SignupAsync();

        var response = await app.HandshakeAsync(path, bearer: user.Token, upgrade: false);

        await response.ExpectProblemWithoutCodeAsync(HttpStatusCode.UpgradeRequired, "WebSocket upgrade required");
        // Authentication comes first (contract 0.3): without credentials the same request is 401.
        await (await app.HandshakeAsync(path, upgrade: false)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task A_logged_out_access_token_cannot_open_a_socket()
    {
        var user = await app.SignupAsync();
        await (await user.Client.PostAsJsonAsync("/api/auth/logout", new { refresh_token = user.RefreshToken })).ExpectJsonAsync(HttpStatusCode.OK);

        await (await app.HandshakeAsync(TestSockets.Notifications, bearer: user.Token))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Token has been revoked");
        await (await app.ClientFor(user, 0).PostAsync("/api/ws/ticket", null))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Token has been revoked");
    }

    private static string Path(string channel) => channel == "game" ? GamePath() : channel;

    /// <summary>A room no other test uses (registration does not check that the room exists, contract 12.4).</summary>
    internal static string GamePath() => $"{TestSockets.Game}?room_id={GameRoomId()}";

    internal static long GameRoomId() => Random.Shared.NextInt64(1_000_000_000, 9_000_000_000);
}
