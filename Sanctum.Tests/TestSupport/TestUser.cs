using System.Net.Http.Headers;
using Npgsql;

namespace Sanctum.Tests.TestSupport;

/// <summary>A signed-up user with a client that sends their access token.</summary>
public sealed record TestUser(long Id, string Username, string Email, string Password, string Token, string RefreshToken, HttpClient Client);

public static class TestUsers
{
    public const string RootUsername = "sanctum_root";
    public const string RootEmail = "root@sanctum.local";
    public const string RootPassword = "SanctumRoot123!";

    /// <summary>Signs up a new user with a unique name (from its own client address, so the signup limit never trips).</summary>
    public static async Task<TestUser> SignupAsync(this SanctumAppFixture fixture, string prefix = "u")
    {
        var username = TestData.Username(prefix);
        var email = $"{username}@example.com";
        var client = fixture.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/signup", new { username, email, password = TestData.Password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var token = body.GetProperty("token").GetString()!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new TestUser(body.GetProperty("user").GetProperty("id").GetInt64(), username, email, TestData.Password,
            token, body.GetProperty("refresh_token").GetString()!, client);
    }

    /// <summary>Logs in as the Development root admin that the API ensures at startup.</summary>
    public static async Task<TestUser> LoginRootAsync(this SanctumAppFixture fixture)
    {
        var client = fixture.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = RootEmail, password = RootPassword });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var token = body.GetProperty("token").GetString()!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new TestUser(body.GetProperty("user").GetProperty("id").GetInt64(), RootUsername, RootEmail, RootPassword,
            token, body.GetProperty("refresh_token").GetString()!, client);
    }

    /// <summary>Signs up a user and makes them a platform admin directly in the database.</summary>
    public static async Task<TestUser> CreateAdminAsync(this SanctumAppFixture fixture)
    {
        var user = await fixture.SignupAsync("adm");
        await fixture.UpdateUserStatusAsync(user.Id, "UPDATE users SET is_admin = TRUE WHERE id = @id", new NpgsqlParameter("id", user.Id));
        return user;
    }
}
