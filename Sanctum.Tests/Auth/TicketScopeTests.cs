using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Auth;

/// <summary>
/// <c>?ticket=</c> authenticates only the WebSocket handshakes (project decision 7). The handshake routes are not
/// mapped yet, so consumption there is read from Redis (<c>ws_ticket:&lt;ticket&gt;</c>, deleted on use).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TicketScopeTests(SanctumAppFixture app)
{
    [Fact]
    public async Task A_ticket_is_ignored_on_rest_routes_and_the_ticket_route_and_stays_unused()
    {
        var user = await app.SignupAsync();
        var ticket = await IssueTicketAsync(user);
        var anonymous = app.CreateClient();

        await (await anonymous.GetAsync($"/api/users/me?ticket={ticket}"))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Authorization required");
        await (await anonymous.PostAsync($"/api/ws/ticket?ticket={ticket}", null))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Authorization required");

        var redis = app.Redis;
        Assert.True(await redis.GetDatabase().KeyExistsAsync($"ws_ticket:{ticket}"));
    }

    [Theory]
    [InlineData("/api/ws", "")]
    [InlineData("/api/ws/chat", "")]
    [InlineData("/api/ws/game", "room_id=1&")]
    public async Task A_handshake_consumes_the_ticket(string path, string otherQuery)
    {
        var user = await app.SignupAsync();
        var ticket = await IssueTicketAsync(user);

        await app.CreateClient().GetAsync($"{path}?{otherQuery}ticket={ticket}");

        var redis = app.Redis;
        Assert.False(await redis.GetDatabase().KeyExistsAsync($"ws_ticket:{ticket}"));
    }

    [Fact]
    public async Task A_query_token_is_refused_on_the_websocket_paths()
    {
        var user = await app.SignupAsync();

        await (await app.CreateClient().PostAsync($"/api/ws/ticket?token={user.Token}", null))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Authorization required");
    }

    private static async Task<string> IssueTicketAsync(TestUser user) =>
        (await (await user.Client.PostAsync("/api/ws/ticket", null)).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("ticket").GetString()!;

}
