using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Sanctum.Tests.TestSupport;

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
        var redis = app.Redis;

        // Another user's revoked token with the same jti does not touch this one.
        await redis.GetDatabase().StringSetAsync($"blacklist:{other.Id}:{jti}", "1", TimeSpan.FromMinutes(1));
        await (await user.Client.GetAsync("/api/users/me")).ExpectJsonAsync(HttpStatusCode.OK);

        await (await user.Client.PostAsJsonAsync("/api/auth/logout", new { })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(await redis.GetDatabase().KeyExistsAsync($"blacklist:{user.Id}:{jti}"));
        await (await user.Client.GetAsync("/api/users/me"))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Token has been revoked");
    }

    [Fact]
    public async Task Refresh_tokens_keep_their_family_across_rotations_and_a_login_starts_a_new_one()
    {
        var user = await app.SignupAsync();

        var rotated = await (await RefreshAsync(user.RefreshToken)).ExpectJsonAsync(HttpStatusCode.OK);
        var login = await (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        var family = Family(user.RefreshToken);
        Assert.Matches("^[0-9a-f]{32}$", family);
        Assert.Equal(family, Family(rotated.GetProperty("refresh_token").GetString()!));
        Assert.NotEqual(family, Family(login.GetProperty("refresh_token").GetString()!));
    }

    [Fact]
    public async Task Reusing_a_rotated_refresh_token_revokes_its_whole_family()
    {
        var user = await app.SignupAsync();
        var first = (await (await RefreshAsync(user.RefreshToken)).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("refresh_token").GetString()!;
        var current = (await (await RefreshAsync(first)).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("refresh_token").GetString()!;
        var login = await (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        await (await RefreshAsync(user.RefreshToken))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Refresh token revoked or already used");

        // The live descendant dies with its family; another login's family is untouched.
        await (await RefreshAsync(current))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Refresh token revoked or already used");
        await (await RefreshAsync(login.GetProperty("refresh_token").GetString()!)).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Reusing_a_logged_out_refresh_token_is_refused()
    {
        var user = await app.SignupAsync();
        var current = (await (await RefreshAsync(user.RefreshToken)).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("refresh_token").GetString()!;

        await (await user.Client.PostAsJsonAsync("/api/auth/logout", new { refresh_token = current })).ExpectJsonAsync(HttpStatusCode.OK);

        await (await RefreshAsync(current))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Refresh token revoked or already used");
        await (await RefreshAsync(user.RefreshToken))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Refresh token revoked or already used");
    }

    [Fact]
    public async Task Refresh_refuses_a_banned_user_and_ends_the_session()
    {
        var user = await app.SignupAsync();
        await SetBannedAsync(user, true);

        await (await RefreshAsync(user.RefreshToken)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Account is banned");

        // Unbanning does not bring the refused session back.
        await SetBannedAsync(user, false);
        await (await RefreshAsync(user.RefreshToken))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Refresh token revoked or already used");
    }

    [Fact]
    public async Task Tokens_signed_with_another_algorithm_or_unsigned_are_401()
    {
        var user = await app.SignupAsync();
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(await SigningKeyAsync()));
        var claims = new Dictionary<string, object> { ["sub"] = user.Id.ToString(CultureInfo.InvariantCulture), ["username"] = user.Username, ["jti"] = "1700000000-0badcafe" };
        var now = DateTime.UtcNow;
        string Sign(string algorithm) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "sanctum-api",
            Audience = "sanctum-client",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
        var payload = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new Dictionary<string, object>(claims)
        {
            ["iss"] = "sanctum-api", ["aud"] = "sanctum-client", ["exp"] = new DateTimeOffset(now.AddMinutes(5)).ToUnixTimeSeconds(),
        }));
        var unsigned = $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{payload}.";

        // The control: the same claims signed with HS256 and the app's key are accepted.
        await (await GetMeAsync(Sign(SecurityAlgorithms.HmacSha256))).ExpectJsonAsync(HttpStatusCode.OK);
        await (await GetMeAsync(Sign(SecurityAlgorithms.HmacSha512)))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Invalid or expired token");
        await (await GetMeAsync(unsigned))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Invalid or expired token");
    }

    private Task<HttpResponseMessage> GetMeAsync(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/users/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return app.CreateClient().SendAsync(request);
    }

    /// <summary>The key the AppHost generated for this run (its <c>jwt-signing-key</c> parameter).</summary>
    private async Task<string> SigningKeyAsync()
    {
        var model = app.App.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(resource => resource.Name == "jwt-signing-key");
        return await parameter.GetValueAsync(CancellationToken.None) ?? throw new InvalidOperationException("no signing key");
    }

    private Task SetBannedAsync(TestUser user, bool banned) =>
        app.UpdateUserStatusAsync(user.Id, "UPDATE users SET is_banned = @banned, banned_at = CASE WHEN @banned THEN NOW() END WHERE id = @id",
            new NpgsqlParameter("banned", banned), new NpgsqlParameter("id", user.Id));

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        app.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refresh_token = refreshToken });

    private static string Family(string refreshToken) => new JsonWebToken(refreshToken).GetClaim("fam").Value;

}
