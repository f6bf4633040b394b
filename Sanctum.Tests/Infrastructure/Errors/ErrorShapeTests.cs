using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Infrastructure.Errors;

[Collection(AppCollection.Name)]
public sealed class ErrorShapeTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Malformed_json_is_400_invalid_request_body()
    {
        var response = await app.CreateClient().PostAsync("/api/auth/signup", HttpAssertions.Json("{\"username\": "));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid request body");
    }

    [Fact]
    public async Task Wrong_field_type_is_400_invalid_request_body()
    {
        var response = await app.CreateClient().PostAsync("/api/auth/signup", HttpAssertions.Json("{\"username\": 42}"));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid request body");
    }

    [Fact]
    public async Task Wrong_content_type_is_415()
    {
        var response = await app.CreateClient().PostAsync("/api/auth/signup", HttpAssertions.Json("username=x", "application/x-www-form-urlencoded"));

        await response.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
    }

    [Fact]
    public async Task Oversized_body_is_413()
    {
        var user = await app.SignupAsync();
        var huge = new string('x', 11 * 1024 * 1024);

        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/users/me") { Content = HttpAssertions.Json($"{{\"bio\":\"{huge}\"}}") };
        // The server answers before reading the body; without 100-continue the client would be cut off mid-upload.
        request.Headers.ExpectContinue = true;
        var response = await user.Client.SendAsync(request);

        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE", "Request body too large");
    }

    [Fact]
    public async Task Unknown_routes_are_404_problems()
    {
        var user = await app.SignupAsync();

        await (await user.Client.GetAsync("/api/definitely/not/here")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await app.CreateClient().GetAsync("/nothing-here")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Wrong_method_on_a_known_route_is_a_problem()
    {
        var response = await app.CreateClient().DeleteAsync("/api/auth/signup");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Routes_are_case_insensitive_and_accept_a_trailing_slash()
    {
        var user = await app.SignupAsync();

        await (await user.Client.GetAsync("/API/Users/ME")).ExpectJsonAsync(HttpStatusCode.OK);
        await (await user.Client.GetAsync("/api/users/me/")).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Cors_preflight_allows_configured_origins_with_credentials()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/auth/login");
        request.Headers.Add("Origin", "http://localhost:5173");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,authorization");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("http://localhost:5173", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
    }
}
