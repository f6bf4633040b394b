using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Infrastructure.Health;

[Collection(AppCollection.Name)]
public sealed class HealthTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Live_reports_up_with_string_values_only()
    {
        var body = await (await app.CreateClient().GetAsync("/health/live")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("up", body.GetProperty("status").GetString());
        Assert.All(body.EnumerateObject(), member => Assert.Equal(JsonValueKind.String, member.Value.ValueKind));
    }

    [Theory]
    [InlineData("/health/ready")]
    [InlineData("/health/serving")]
    [InlineData("/health")]
    [InlineData("/api")]
    [InlineData("/api/")]
    public async Task Ready_and_its_aliases_report_database_and_redis(string path)
    {
        var body = await (await app.CreateClient().GetAsync(path)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Vibecheck", body.GetProperty("message").GetString());
        Assert.Equal("1.0.0", body.GetProperty("version").GetString());
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("database").GetString());
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("redis").GetString());
        Assert.True(DateTimeOffset.TryParse(body.GetProperty("time").GetString(), out _));
    }

    [Fact]
    public async Task Every_response_carries_request_id_and_security_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Request-ID", "my-request-42");
        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal("my-request-42", response.Headers.GetValues("X-Request-ID").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("SAMEORIGIN", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task A_generated_request_id_is_returned_and_matches_error_bodies()
    {
        var response = await app.CreateClient().GetAsync("/api/no-such-route");
        var body = await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        Assert.Equal(response.Headers.GetValues("X-Request-ID").Single(), body.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task OpenApi_document_describes_the_routes()
    {
        var body = await (await app.CreateClient().GetAsync("/openapi/v1.json")).ExpectJsonAsync(HttpStatusCode.OK);
        var paths = body.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/auth/signup", out _));
        Assert.True(paths.TryGetProperty("/api/users/{id}", out _));
    }
}
