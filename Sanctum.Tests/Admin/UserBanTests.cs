using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Admin;

/// <summary>What a ban does (contract 13, project decision 4): it takes effect on the user's next request, revokes
/// every refresh token for good, shows at once to admins, and an unban restores access without reviving old sessions.
/// Every test uses its own admin (admin_write is 10 / 5 min per admin).</summary>
[Collection(AppCollection.Name)]
public sealed class UserBanTests(SanctumAppFixture app)
{
    [Fact]
    public async Task A_ban_refuses_the_users_next_request_and_every_refresh_token()
    {
        var admin = await app.CreateAdminAsync();
        var user = await app.SignupAsync();
        var secondSession = await LoginAsync(user);
        var rotated = await RefreshTokenAsync(user.RefreshToken);
        await (await user.Client.GetAsync("/api/users/me")).ExpectJsonAsync(HttpStatusCode.OK);

        var banned = await (await BanAsync(admin, user.Id, new { reason = "spam" })).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("User banned", banned.GetProperty("message").GetString());
        Assert.Equal(["message"], banned.EnumerateObject().Select(member => member.Name));
        await (await user.Client.GetAsync("/api/users/me")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Account is banned");
        await (await user.Client.PostAsync("/api/ws/ticket", null)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Account is banned");
        foreach (var token in new[] { rotated, secondSession })
        {
            await (await RefreshAsync(token))
                .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Refresh token revoked or already used");
        }
        await (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Account is banned");
    }

    [Fact]
    public async Task After_an_unban_the_access_token_works_again_but_only_a_new_login_gives_a_lasting_session()
    {
        var admin = await app.CreateAdminAsync();
        var user = await app.SignupAsync();
        await (await BanAsync(admin, user.Id, new { })).ExpectJsonAsync(HttpStatusCode.OK);

        var unbanned = await (await admin.Client.PostAsync($"/api/admin/users/{user.Id}/unban", null)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("User unbanned", unbanned.GetProperty("message").GetString());
        // The ban flag is read on every request, so the unexpired access token is accepted again.
        await (await user.Client.GetAsync("/api/users/me")).ExpectJsonAsync(HttpStatusCode.OK);
        // The refresh token was revoked by the ban itself (it was never presented while banned), and stays revoked.
        await (await RefreshAsync(user.RefreshToken))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Refresh token revoked or already used");
        var fresh = await LoginAsync(user);
        await RefreshTokenAsync(fresh);
    }

    [Fact]
    public async Task An_admin_sees_the_ban_fields_at_once_and_an_unban_clears_them()
    {
        var admin = await app.CreateAdminAsync();
        var user = await app.SignupAsync();
        var other = await app.SignupAsync();
        // Fill user:<id> first: the ban and the unban must invalidate it.
        var cached = await (await user.Client.GetAsync($"/api/users/{user.Id}/cached")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.False(cached.GetProperty("is_banned").GetBoolean());

        await (await BanAsync(admin, user.Id, new { reason = "  Posting spam\nrepeatedly  " })).ExpectJsonAsync(HttpStatusCode.OK);

        foreach (var path in new[] { $"/api/users/{user.Id}/cached", $"/api/users/{user.Id}" })
        {
            var seen = await (await admin.Client.GetAsync(path)).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.True(seen.GetProperty("is_banned").GetBoolean());
            Assert.Equal("Posting spam\nrepeatedly", seen.GetProperty("banned_reason").GetString());
            Assert.Equal(admin.Id, seen.GetProperty("banned_by_user_id").GetInt64());
            Assert.True(DateTimeOffset.TryParse(seen.GetProperty("banned_at").GetString(), out _));
        }
        (await (await other.Client.GetAsync($"/api/users/{user.Id}/cached")).ExpectJsonAsync(HttpStatusCode.OK)).AssertPublicForm(user);

        await (await admin.Client.PostAsync($"/api/admin/users/{user.Id}/unban", null)).ExpectJsonAsync(HttpStatusCode.OK);

        var cleared = await (await admin.Client.GetAsync($"/api/users/{user.Id}/cached")).ExpectJsonAsync(HttpStatusCode.OK);
        cleared.AssertFullForm(user, banned: false);
    }

    [Fact]
    public async Task Admins_can_ban_admins_and_the_banned_admin_loses_the_console_at_once()
    {
        var admin = await app.CreateAdminAsync();
        var target = await app.CreateAdminAsync();
        await (await target.Client.GetAsync("/api/admin/sanctum-requests")).ExpectJsonAsync(HttpStatusCode.OK);

        await (await BanAsync(admin, target.Id, new { reason = "compromised" })).ExpectJsonAsync(HttpStatusCode.OK);

        await (await target.Client.GetAsync("/api/admin/sanctum-requests")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Account is banned");
        await (await BanAsync(target, admin.Id, new { })).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Account is banned");
    }

    [Fact]
    public async Task Banning_twice_keeps_the_user_banned_and_records_the_latest_ban()
    {
        var first = await app.CreateAdminAsync();
        var second = await app.CreateAdminAsync();
        var user = await app.SignupAsync();

        await (await BanAsync(first, user.Id, new { reason = "first" })).ExpectJsonAsync(HttpStatusCode.OK);
        await (await BanAsync(second, user.Id, new { reason = "second" })).ExpectJsonAsync(HttpStatusCode.OK);

        var seen = await (await first.Client.GetAsync($"/api/users/{user.Id}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(seen.GetProperty("is_banned").GetBoolean());
        Assert.Equal("second", seen.GetProperty("banned_reason").GetString());
        Assert.Equal(second.Id, seen.GetProperty("banned_by_user_id").GetInt64());
    }

    private static Task<HttpResponseMessage> BanAsync(TestUser admin, long userId, object body) =>
        admin.Client.PostAsJsonAsync($"/api/admin/users/{userId}/ban", body);

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        app.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refresh_token = refreshToken });

    /// <summary>Rotates the token and returns its successor.</summary>
    private async Task<string> RefreshTokenAsync(string refreshToken) =>
        (await (await RefreshAsync(refreshToken)).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("refresh_token").GetString()!;

    /// <summary>A new session (login) of the user; returns its refresh token.</summary>
    private async Task<string> LoginAsync(TestUser user) =>
        (await (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password }))
            .ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("refresh_token").GetString()!;
}
