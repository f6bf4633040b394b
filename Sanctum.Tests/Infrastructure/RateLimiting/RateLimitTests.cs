using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Infrastructure.RateLimiting;

[Collection(AppCollection.Name)]
public sealed class RateLimitTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Signup_allows_three_per_client_address_then_429()
    {
        var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var name = TestData.Username();
            await (await client.PostAsJsonAsync("/api/auth/signup", new { username = name, email = $"{name}@example.com", password = TestData.Password }))
                .ExpectJsonAsync(HttpStatusCode.Created);
        }

        var fourth = TestData.Username();
        var response = await client.PostAsJsonAsync("/api/auth/signup", new { username = fourth, email = $"{fourth}@example.com", password = TestData.Password });

        await response.ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", "rate limit exceeded");
        Assert.InRange(int.Parse(response.Headers.GetValues("Retry-After").Single()), 1, 600);

        // Another client address has its own bucket.
        await (await app.CreateClient().PostAsJsonAsync("/api/auth/signup", new { username = fourth, email = $"{fourth}@example.com", password = TestData.Password }))
            .ExpectJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Login_allows_ten_per_client_address_then_429()
    {
        var client = app.CreateClient();
        // A different unknown account each time, so the per-account counter (LoginAccountLimitTests) stays out of it.
        for (var i = 0; i < 10; i++)
        {
            await (await client.PostAsJsonAsync("/api/auth/login", new { email = $"{TestData.Username("nobody")}@example.com", password = "x" }))
                .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }

        await (await client.PostAsJsonAsync("/api/auth/login", new { email = $"{TestData.Username("nobody")}@example.com", password = "x" }))
            .ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", "rate limit exceeded");
    }
}
