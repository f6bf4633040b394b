using Aspire.Hosting.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Sanctum.Tests.Infrastructure;
using StackExchange.Redis;

namespace Sanctum.Tests.Auth;

/// <summary>Issue 8's session rules, at the wire (with Redis read or arranged directly where the wire cannot show it).</summary>
[Collection(AppCollection.Name)]
public sealed class SessionHardeningTests(SanctumAppFixture app)
{
    [Fact]
    public async Task The_access_token_blacklist_is_keyed_per_user()
    {
        var user = await app.SignupAsync();
        var other = await app.SignupAsync();
        var jti = new JsonWebToken(user.Token).Id;
        await using var redis = await ConnectRedisAsync();

        // Another user's revoked token with the same jti does not touch this one.
        await redis.GetDatabase().StringSetAsync($"blacklist:{other.Id}:{jti}", "1", TimeSpan.FromMinutes(1));
        await (await user.Client.GetAsync("/api/users/me")).ExpectJsonAsync(HttpStatusCode.OK);

        await (await user.Client.PostAsJsonAsync("/api/auth/logout", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(await redis.GetDatabase().KeyExistsAsync($"blacklist:{user.Id}:{jti}"));
        await (await user.Client.GetAsync("/api/users/me"))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Token has been revoked");
    }

    private async Task<ConnectionMultiplexer> ConnectRedisAsync() =>
        await ConnectionMultiplexer.ConnectAsync(await app.App.GetConnectionStringAsync(Sanctum.AppHost.ResourceNames.Cache)
            ?? throw new InvalidOperationException("no cache connection string"));
}
