using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Auth;

/// <summary>Responses that carry tokens or tickets must not be kept by any cache.</summary>
[Collection(AppCollection.Name)]
public sealed class TokenResponseHeadersTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Signup_login_refresh_and_ticket_responses_are_no_store()
    {
        var username = TestData.Username();
        var signup = await app.CreateClient().PostAsJsonAsync("/api/auth/signup",
            new { username, email = $"{username}@example.com", password = TestData.Password });
        var signupBody = await signup.ExpectJsonAsync(HttpStatusCode.Created);
        AssertNoStore(signup);

        var login = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = $"{username}@example.com", password = TestData.Password });
        await login.ExpectJsonAsync(HttpStatusCode.OK);
        AssertNoStore(login);

        var refresh = await app.CreateClient().PostAsJsonAsync("/api/auth/refresh",
            new { refresh_token = signupBody.GetProperty("refresh_token").GetString() });
        await refresh.ExpectJsonAsync(HttpStatusCode.OK);
        AssertNoStore(refresh);

        var user = await app.SignupAsync();
        var ticket = await user.Client.PostAsync("/api/ws/ticket", null);
        await ticket.ExpectJsonAsync(HttpStatusCode.OK);
        AssertNoStore(ticket);
    }

    [Fact]
    public async Task A_failed_login_is_no_store_too()
    {
        var login = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = $"{TestData.Username()}@example.com", password = "x" });

        await login.ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Invalid credentials");
        AssertNoStore(login);
    }

    private static void AssertNoStore(HttpResponseMessage response)
    {
        Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.RequestUri} lacks Cache-Control: no-store");
        Assert.Contains(response.Headers.Pragma, pragma => pragma.Name == "no-cache");
    }
}
