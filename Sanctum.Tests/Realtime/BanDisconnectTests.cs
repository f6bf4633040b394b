using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Realtime;

/// <summary>A ban closes every open socket of the user on every replica (contract decision 4), and no new one opens.</summary>
[Collection(AppCollection.Name)]
public sealed class BanDisconnectTests(SanctumAppFixture app)
{
    /// <summary>The sockets are meant to close within a second of the ban's response; this is only the test's patience.</summary>
    private static readonly TimeSpan ClosedWithin = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Banning_a_user_closes_their_sockets_on_both_replicas()
    {
        var admin = await app.CreateAdminAsync();
        var user = await app.SignupAsync();
        var bystander = await app.SignupAsync();
        await using var notifications0 = await app.ConnectReadyAsync(user, replica: 0);
        await using var notifications1 = await app.ConnectReadyAsync(user, replica: 1);
        await using var chat1 = await app.ConnectReadyAsync(user, TestSockets.Chat, replica: 1);
        await using var game0 = await app.ConnectAsync(user, HandshakeTests.GamePath(), replica: 0);
        await using var bystanderSocket = await app.ConnectReadyAsync(bystander, replica: 1);

        var response = await app.ClientFor(admin, 0).PostAsJsonAsync($"/api/admin/users/{user.Id}/ban", new { reason = "socket test" });
        var body = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("User banned", body.GetProperty("message").GetString());

        await Task.WhenAll(new[] { notifications0, notifications1, chat1, game0 }.Select(socket => socket.ExpectClosedAsync(ClosedWithin)));
        Assert.True(bystanderSocket.IsOpen);
        await (await app.ClientFor(user, 1).PostAsync("/api/ws/ticket", null))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Account is banned");
        await (await app.HandshakeAsync(TestSockets.Notifications, replica: 1, bearer: user.Token))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Account is banned");
    }
}
