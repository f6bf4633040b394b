using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Realtime;

/// <summary>A ticket belongs to the session that asked for it: it cannot outlive the access token, nor its logout.</summary>
[Collection(AppCollection.Name)]
public sealed class TicketSessionTests(SanctumAppFixture app)
{
    [Fact]
    public async Task A_ticket_issued_before_logout_cannot_open_a_socket_after_it()
    {
        var user = await app.SignupAsync();
        var ticket = await app.IssueTicketAsync(user);

        await (await user.Client.PostAsJsonAsync("/api/auth/logout", new { refresh_token = user.RefreshToken })).ExpectJsonAsync(HttpStatusCode.OK);

        await (await app.HandshakeAsync(TestSockets.WithTicket(TestSockets.Notifications, ticket)))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Token has been revoked");
    }

    [Fact]
    public async Task A_ticket_from_another_session_of_the_user_still_works_after_one_session_logs_out()
    {
        var user = await app.SignupAsync();
        var login = await (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        var other = user with { Token = login.GetProperty("token").GetString()! };
        var ticket = await app.IssueTicketAsync(other);

        await (await user.Client.PostAsJsonAsync("/api/auth/logout", new { refresh_token = user.RefreshToken })).ExpectJsonAsync(HttpStatusCode.OK);

        await using var socket = await app.ConnectUriAsync(app.WebSocketUri(0, TestSockets.WithTicket(TestSockets.Notifications, ticket)));
        await socket.ReceiveTypeAsync("friends_online_snapshot");
    }

    [Fact]
    public async Task A_ticket_lives_no_longer_than_the_access_token_that_asked_for_it()
    {
        var user = await app.SignupAsync();

        var body = await (await user.Client.PostAsync("/api/ws/ticket", null)).ExpectJsonAsync(HttpStatusCode.OK);
        var ttl = await app.Redis.GetDatabase().KeyTimeToLiveAsync($"ws_ticket:{body.GetProperty("ticket").GetString()}");

        // A fresh token has 15 minutes left, so the contract's 60 seconds apply.
        Assert.Equal(60, body.GetProperty("expires_in").GetInt32());
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(60));
    }
}
