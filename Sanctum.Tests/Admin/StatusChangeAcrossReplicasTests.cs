using System.Net.Http.Headers;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Admin;

/// <summary>
/// The user status each replica keeps in memory (UserStatusCache) never outlives a ban, an unban or a demotion: the
/// change is made through one replica and the user's very next request on the OTHER replica, which had the status
/// cached, already sees it. Each replica is warmed first (two requests each, so the status is held in memory there).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class StatusChangeAcrossReplicasTests(SanctumAppFixture app)
{
    [Fact]
    public async Task A_ban_through_replica_0_refuses_the_users_next_request_on_replica_1_and_an_unban_through_replica_1_restores_replica_0()
    {
        var admin = await app.CreateAdminAsync();
        var user = await app.SignupAsync();
        var onReplica0 = ClientOf(user, 0);
        var onReplica1 = ClientOf(user, 1);
        await WarmAsync(onReplica0, onReplica1, "/api/users/me");

        await (await ClientOf(admin, 0).PostAsJsonAsync($"/api/admin/users/{user.Id}/ban", new { reason = "replicas" }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        await (await onReplica1.GetAsync("/api/users/me")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Account is banned");
        await (await onReplica0.GetAsync("/api/users/me")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Account is banned");

        await (await ClientOf(admin, 1).PostAsync($"/api/admin/users/{user.Id}/unban", null)).ExpectJsonAsync(HttpStatusCode.OK);

        await (await onReplica0.GetAsync("/api/users/me")).ExpectJsonAsync(HttpStatusCode.OK);
        await (await onReplica1.GetAsync("/api/users/me")).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_demotion_through_replica_0_closes_the_admin_routes_on_replica_1_at_the_next_request()
    {
        var admin = await app.CreateAdminAsync();
        var user = await app.SignupAsync();
        const string adminRoute = "/api/admin/sanctum-requests?status=rejected";
        await (await ClientOf(admin, 0).PostAsync($"/api/users/{user.Id}/promote-admin", null)).ExpectJsonAsync(HttpStatusCode.OK);
        var onReplica0 = ClientOf(user, 0);
        var onReplica1 = ClientOf(user, 1);
        await WarmAsync(onReplica0, onReplica1, adminRoute);

        await (await ClientOf(admin, 0).PostAsync($"/api/users/{user.Id}/demote-admin", null)).ExpectJsonAsync(HttpStatusCode.OK);

        await (await onReplica1.GetAsync(adminRoute)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Admin access required");
        await (await onReplica0.GetAsync(adminRoute)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Admin access required");
    }

    /// <summary>Two requests on each replica: the first may only create the status version, the second is then
    /// answered from the status held in that replica's memory.</summary>
    private static async Task WarmAsync(HttpClient onReplica0, HttpClient onReplica1, string path)
    {
        foreach (var client in new[] { onReplica0, onReplica1, onReplica0, onReplica1 })
        {
            await (await client.GetAsync(path)).ExpectJsonAsync(HttpStatusCode.OK);
        }
    }

    private HttpClient ClientOf(TestUser user, int replica)
    {
        var client = app.CreateClient(replica);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return client;
    }
}
