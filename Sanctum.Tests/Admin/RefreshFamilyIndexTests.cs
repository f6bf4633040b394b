using Microsoft.IdentityModel.JsonWebTokens;
using Sanctum.Tests.TestSupport;
using StackExchange.Redis;

namespace Sanctum.Tests.Admin;

/// <summary>The per-user index a ban revokes through (<c>refresh_families:&lt;userId&gt;</c>, see TokenStore): it lists
/// the user's live login families with the documented TTL, forgets a logged-out or expired family, and a ban empties it
/// together with every family's keys.</summary>
[Collection(AppCollection.Name)]
public sealed class RefreshFamilyIndexTests(SanctumAppFixture app)
{
    private static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(7);

    [Fact]
    public async Task The_index_follows_logins_logouts_and_expiry_and_a_ban_deletes_every_family()
    {
        var db = app.Redis.GetDatabase();
        var user = await app.SignupAsync();
        var index = (RedisKey)$"refresh_families:{user.Id}";
        var second = await LoginAsync(user);
        var third = await LoginAsync(user);

        Assert.Equal(new[] { Family(user.RefreshToken), Family(second), Family(third) }.Order(), await MembersAsync(index));
        var ttl = await db.KeyTimeToLiveAsync(index);
        Assert.True(ttl > RefreshLifetime - TimeSpan.FromMinutes(5) && ttl <= RefreshLifetime, $"TTL {ttl}");

        await (await user.Client.PostAsJsonAsync("/api/auth/logout", new { refresh_token = third })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(Family(third), await MembersAsync(index));

        // A family whose keys have expired is pruned at the next login.
        await db.SortedSetAddAsync(index, "expired-family", 1);
        var fourth = await LoginAsync(user);
        Assert.Equal(new[] { Family(user.RefreshToken), Family(second), Family(fourth) }.Order(), await MembersAsync(index));

        var admin = await app.CreateAdminAsync();
        await (await admin.Client.PostAsJsonAsync($"/api/admin/users/{user.Id}/ban", new { })).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.False(await db.KeyExistsAsync(index));
        foreach (var token in new[] { user.RefreshToken, second, fourth })
        {
            Assert.False(await db.KeyExistsAsync($"refresh_family:{user.Id}:{Family(token)}"));
            Assert.False(await db.KeyExistsAsync($"refresh_token:{user.Id}:{new JsonWebToken(token).Id}"));
        }
    }

    private async Task<string[]> MembersAsync(RedisKey index) =>
        (await app.Redis.GetDatabase().SortedSetRangeByRankAsync(index)).Select(member => member.ToString()).Order().ToArray();

    private async Task<string> LoginAsync(TestUser user) =>
        (await (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password }))
            .ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("refresh_token").GetString()!;

    private static string Family(string refreshToken) => new JsonWebToken(refreshToken).GetClaim("fam").Value;
}
