using System.Net.Http.Headers;
using Npgsql;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Auth;

[Collection(AppCollection.Name)]
public sealed class AuthTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Signup_returns_tokens_user_and_refresh_cookie()
    {
        var username = TestData.Username();
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/signup",
            new { username, email = $"{username}@example.com", password = TestData.Password });

        var body = await response.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(3, body.GetProperty("token").GetString()!.Split('.').Length);
        Assert.Equal(3, body.GetProperty("refresh_token").GetString()!.Split('.').Length);
        var user = body.GetProperty("user");
        Assert.Equal(username, user.GetProperty("username").GetString());
        Assert.Equal($"{username}@example.com", user.GetProperty("email").GetString());
        Assert.Equal("", user.GetProperty("bio").GetString());
        Assert.Equal("", user.GetProperty("avatar").GetString());
        Assert.False(user.GetProperty("is_admin").GetBoolean());
        Assert.False(user.GetProperty("is_banned").GetBoolean());
        Assert.True(user.GetProperty("id").GetInt64() > 0);
        Assert.False(user.TryGetProperty("password", out _));
        Assert.False(user.TryGetProperty("banned_at", out _));
        Assert.True(user.TryGetProperty("created_at", out _));

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("refresh_token=", StringComparison.Ordinal));
        Assert.Contains("path=/api/auth", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("", "a@example.com", TestData.Password, "Username, email, and password are required")]
    [InlineData("ab", "a@example.com", TestData.Password, "username must be at least 3 characters long")]
    [InlineData("abcdefghijklmnopqrstuvwxyz12345", "a@example.com", TestData.Password, "username must not exceed 30 characters")]
    [InlineData("bad name", "a@example.com", TestData.Password, "username can only contain letters, numbers, underscores, and hyphens")]
    [InlineData("_edge", "a@example.com", TestData.Password, "username cannot start or end with underscore or hyphen")]
    [InlineData("okname", "not-an-email", TestData.Password, "invalid email format")]
    [InlineData("okname", "a@example.com", "Short1!", "password must be at least 12 characters long")]
    [InlineData("okname", "a@example.com", "lowercase-only-1!", "password must contain at least one uppercase letter")]
    [InlineData("okname", "a@example.com", "UPPERCASE-ONLY-1!", "password must contain at least one lowercase letter")]
    [InlineData("okname", "a@example.com", "No-Digits-Here!!", "password must contain at least one digit")]
    [InlineData("okname", "a@example.com", "NoSpecials12345", "password must contain at least one special character (!@#$%^&*)")]
    public async Task Signup_validation_failures_are_400_with_the_contract_message(string username, string email, string password, string message)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/signup", new { username, email, password });

        var body = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", message);
        Assert.Equal(JsonValueKind.Object, body.GetProperty("errors").ValueKind);
    }

    [Fact]
    public async Task Signup_with_taken_email_or_username_in_any_case_is_409()
    {
        var user = await app.SignupAsync();

        var sameEmail = await app.CreateClient().PostAsJsonAsync("/api/auth/signup",
            new { username = TestData.Username(), email = user.Email.ToUpperInvariant(), password = TestData.Password });
        await sameEmail.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "User already exists");

        var sameName = await app.CreateClient().PostAsJsonAsync("/api/auth/signup",
            new { username = user.Username.ToUpperInvariant(), email = $"{TestData.Username()}@example.com", password = TestData.Password });
        await sameName.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "User already exists");
    }

    [Fact]
    public async Task Login_returns_tokens_for_valid_credentials()
    {
        var user = await app.SignupAsync();

        var body = await (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(user.Id, body.GetProperty("user").GetProperty("id").GetInt64());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("token").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("refresh_token").GetString()));
    }

    [Fact]
    public async Task Login_with_wrong_password_unknown_email_or_empty_body_is_401()
    {
        var user = await app.SignupAsync();
        var client = app.CreateClient();

        await (await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = "Wrong-Password-1!" }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Invalid credentials");
        await (await client.PostAsJsonAsync("/api/auth/login", new { email = "nobody-" + user.Email, password = user.Password }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Invalid credentials");
        await (await client.PostAsync("/api/auth/login", null))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Invalid credentials");
    }

    [Fact]
    public async Task Banned_user_gets_403_at_login_and_on_protected_routes()
    {
        var user = await app.SignupAsync();
        await app.UpdateUserStatusAsync(user.Id, "UPDATE users SET is_banned = TRUE, banned_at = NOW() WHERE id = @id", new NpgsqlParameter("id", user.Id));

        await (await user.Client.GetAsync("/api/users/me"))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Account is banned");
        await (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = "even-the-wrong-one" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Account is banned");
    }

    [Fact]
    public async Task Refresh_rotates_the_pair_and_rejects_reuse()
    {
        var user = await app.SignupAsync();
        var client = app.CreateClient();

        var body = await (await client.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = user.RefreshToken }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        var newAccess = body.GetProperty("token").GetString()!;
        var newRefresh = body.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(user.RefreshToken, newRefresh);
        Assert.False(body.TryGetProperty("user", out _));

        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/users/me");
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", newAccess);
        await (await client.SendAsync(me)).ExpectJsonAsync(HttpStatusCode.OK);

        await (await client.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = newRefresh })).ExpectJsonAsync(HttpStatusCode.OK);

        await (await client.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = user.RefreshToken }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Refresh token revoked or already used");
    }

    [Fact]
    public async Task Refresh_only_one_of_two_concurrent_reuses_wins()
    {
        var user = await app.SignupAsync();
        var client = app.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            client.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = user.RefreshToken })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Refresh_reads_the_cookie_when_the_body_has_no_token()
    {
        var user = await app.SignupAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/refresh");
        request.Headers.Add("Cookie", $"refresh_token={user.RefreshToken}");

        var response = await app.CreateClient().SendAsync(request);

        await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("refresh_token=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refresh_failures_are_401_with_the_contract_messages()
    {
        var user = await app.SignupAsync();
        var client = app.CreateClient();

        await (await client.PostAsync("/api/auth/refresh", null))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Refresh token required");
        await (await client.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = user.Token }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Invalid token type");
        await (await client.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = "not.a.token" }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Invalid or expired refresh token");
    }

    [Fact]
    public async Task Logout_revokes_the_access_token_and_the_refresh_token()
    {
        var user = await app.SignupAsync();

        var body = await (await user.Client.PostAsJsonAsync("/api/auth/logout", new { refresh_token = user.RefreshToken }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Logged out successfully", body.GetProperty("message").GetString());

        await (await user.Client.GetAsync("/api/users/me"))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Token has been revoked");
        await (await app.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refresh_token = user.RefreshToken }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Refresh token revoked or already used");
    }

    [Fact]
    public async Task Logout_requires_a_json_body_and_a_token()
    {
        var user = await app.SignupAsync();

        await (await user.Client.PostAsync("/api/auth/logout", HttpAssertions.Json("")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid request body");
        await (await app.CreateClient().PostAsJsonAsync("/api/auth/logout", new { }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Authorization required");
    }

    [Fact]
    public async Task Protected_routes_reject_missing_invalid_and_refresh_tokens()
    {
        var user = await app.SignupAsync();
        var client = app.CreateClient();

        await (await client.GetAsync("/api/users/me"))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Authorization required");

        using var garbage = new HttpRequestMessage(HttpMethod.Get, "/api/users/me");
        garbage.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "garbage");
        await (await client.SendAsync(garbage))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Invalid or expired token");

        using var refreshAsAccess = new HttpRequestMessage(HttpMethod.Get, "/api/users/me");
        refreshAsAccess.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.RefreshToken);
        await (await client.SendAsync(refreshAsAccess))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Invalid token audience");
    }

    [Fact]
    public async Task A_query_token_is_accepted_on_rest_routes()
    {
        var user = await app.SignupAsync();

        var body = await (await app.CreateClient().GetAsync($"/api/users/me?token={user.Token}")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(user.Id, body.GetProperty("id").GetInt64());
    }
}
