using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Infrastructure.Http;

/// <summary>An error raised as an exception (here the framework's own, for a malformed body) goes through the exception
/// handler, which clears the response; the request id and the security headers must still be on it.</summary>
[Collection(AppCollection.Name)]
public sealed class ErrorResponseHeadersTests(SanctumAppFixture app)
{
    [Fact]
    public async Task An_exception_answer_carries_the_request_id_and_the_security_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/signup") { Content = HttpAssertions.Json("{\"username\": ") };
        request.Headers.Add("X-Request-ID", "wire-test-req-1");

        var response = await app.CreateClient().SendAsync(request);

        var body = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid request body");
        Assert.Equal("wire-test-req-1", body.GetProperty("request_id").GetString());
        Assert.Equal("wire-test-req-1", response.Headers.GetValues("X-Request-ID").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("SAMEORIGIN", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Resource-Policy").Single());
    }
}
