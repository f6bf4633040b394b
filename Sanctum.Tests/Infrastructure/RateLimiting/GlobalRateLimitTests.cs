using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Infrastructure.RateLimiting;

/// <summary>The global per-client limit of contract 0.2 (the tests run it at <see cref="SanctumAppFixture.GlobalLimit"/>).</summary>
[Collection(AppCollection.Name)]
public sealed class GlobalRateLimitTests(SanctumAppFixture app)
{
    private const string Origin = "http://localhost:5173";

    private static HttpRequestMessage Request(HttpMethod method)
    {
        var request = new HttpRequestMessage(method, "/health/live");
        request.Headers.Add("Origin", Origin);
        if (method == HttpMethod.Options)
        {
            request.Headers.Add("Access-Control-Request-Method", "GET");
        }
        return request;
    }

    [Fact]
    public async Task A_client_over_the_limit_gets_429_with_cors_headers_while_another_client_does_not()
    {
        var client = app.CreateClient();
        HttpResponseMessage? refused = null;
        var allowed = 0;
        // The window is fixed, so it may restart once while the loop runs; two windows' worth always crosses the limit.
        for (var i = 0; i <= 2 * SanctumAppFixture.GlobalLimit && refused is null; i++)
        {
            using var request = Request(HttpMethod.Get);
            var response = await client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                allowed++;
            }
        }

        Assert.NotNull(refused);
        Assert.True(allowed >= SanctumAppFixture.GlobalLimit, $"refused after {allowed} requests");
        await refused.ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", "Too many requests, please try again later.");
        Assert.Equal(Origin, refused.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.False(string.IsNullOrEmpty(refused.Headers.GetValues("X-Request-ID").Single()));

        // Preflights are exempt, and another client address has its own budget.
        using var preflight = Request(HttpMethod.Options);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(preflight)).StatusCode);
        await (await app.CreateClient().GetAsync("/health/live")).ExpectJsonAsync(HttpStatusCode.OK);
    }
}
