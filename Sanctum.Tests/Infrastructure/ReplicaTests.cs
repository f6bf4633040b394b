using System.Net.Http.Headers;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Infrastructure;

/// <summary>
/// The test run's API is <see cref="SanctumAppFixture.Replicas"/> processes, each reachable on its own address
/// besides the proxy. Whatever one replica issues or revokes, the other honours: they share PostgreSQL, Redis
/// and the signing key, and keep no session state of their own.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ReplicaTests(SanctumAppFixture app)
{
    [Fact]
    public void Each_replica_has_its_own_address_apart_from_the_proxy()
    {
        Assert.Equal(SanctumAppFixture.Replicas, app.ReplicaAddresses.Count);
        Assert.Equal(SanctumAppFixture.Replicas, app.ReplicaAddresses.Distinct().Count());
        Assert.DoesNotContain(app.ApiBaseAddress, app.ReplicaAddresses);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Each_replica_is_ready_on_its_own(int replica)
    {
        var client = app.CreateClient(replica);

        var body = await (await client.GetAsync("/health/ready")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(app.ReplicaAddresses[replica], client.BaseAddress);
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("database").GetString());
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("redis").GetString());
    }

    [Fact]
    public async Task A_user_signed_up_on_one_replica_logs_in_on_the_other_and_each_accepts_the_others_token()
    {
        var username = TestData.Username("rep");
        var email = $"{username}@example.com";
        var signup = await (await app.CreateClient(0).PostAsJsonAsync("/api/auth/signup", new { username, email, password = TestData.Password }))
            .ExpectJsonAsync(HttpStatusCode.Created);
        var login = await (await app.CreateClient(1).PostAsJsonAsync("/api/auth/login", new { email, password = TestData.Password }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        var meOnReplica1 = await (await GetMeAsync(1, signup.GetProperty("token").GetString()!)).ExpectJsonAsync(HttpStatusCode.OK);
        var meOnReplica0 = await (await GetMeAsync(0, login.GetProperty("token").GetString()!)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(username, meOnReplica1.GetProperty("username").GetString());
        Assert.Equal(username, meOnReplica0.GetProperty("username").GetString());
    }

    [Fact]
    public async Task A_refresh_token_from_one_replica_is_refreshed_by_the_other()
    {
        var user = await SignupOnAsync(0);

        var refreshed = await (await app.CreateClient(1).PostAsJsonAsync("/api/auth/refresh", new { refresh_token = user.RefreshToken }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        await (await GetMeAsync(0, refreshed.GetProperty("token").GetString()!)).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_logout_on_one_replica_revokes_the_session_on_the_other()
    {
        var user = await SignupOnAsync(0);
        await (await GetMeAsync(0, user.Token)).ExpectJsonAsync(HttpStatusCode.OK);

        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout")
        {
            Content = JsonContent.Create(new { refresh_token = user.RefreshToken }),
        };
        logout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        await (await app.CreateClient(1).SendAsync(logout)).ExpectJsonAsync(HttpStatusCode.OK);

        await (await GetMeAsync(0, user.Token))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Token has been revoked");
        await (await app.CreateClient(0).PostAsJsonAsync("/api/auth/refresh", new { refresh_token = user.RefreshToken }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Refresh token revoked or already used");
    }

    private async Task<(string Token, string RefreshToken)> SignupOnAsync(int replica)
    {
        var username = TestData.Username("rep");
        var body = await (await app.CreateClient(replica).PostAsJsonAsync("/api/auth/signup",
                new { username, email = $"{username}@example.com", password = TestData.Password }))
            .ExpectJsonAsync(HttpStatusCode.Created);
        return (body.GetProperty("token").GetString()!, body.GetProperty("refresh_token").GetString()!);
    }

    private Task<HttpResponseMessage> GetMeAsync(int replica, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/users/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return app.CreateClient(replica).SendAsync(request);
    }
}
