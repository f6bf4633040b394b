using Sanctum.Tests.TestSupport;
using Sanctum.Tests.Posts;
using Sanctum.Tests.Sanctums;

namespace Sanctum.Tests.Infrastructure.Validation;

/// <summary>Routes whose body the contract makes optional accept no body, and validate a body that is sent.</summary>
[Collection(AppCollection.Name)]
public sealed class OptionalBodyTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Login_takes_no_body_but_validates_one()
    {
        var client = app.CreateClient();

        await (await client.PostAsync("/api/auth/login", null))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Invalid credentials");
        await (await client.PostAsync("/api/auth/login", HttpAssertions.Json("")))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Invalid credentials");
        var problem = await (await client.PostAsJsonAsync("/api/auth/login", new { email = new string('e', 250) + "@x.io", password = "p" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "email too long (max 254 characters)");
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
    }

    [Fact]
    public async Task Refresh_takes_no_body_but_validates_one()
    {
        var client = app.CreateClient();

        await (await client.PostAsync("/api/auth/refresh", null))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Refresh token required");
        await (await client.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = new string('t', 4097) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "refresh_token too long (max 4096 characters)");
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("reject")]
    public async Task Review_takes_no_body_or_an_empty_json_body(string action)
    {
        var admin = await app.CreateAdminAsync();
        var user = await app.SignupAsync();
        var first = await user.RequestSanctumAsync();
        var second = await user.RequestSanctumAsync();

        await (await admin.Client.PostAsync($"/api/admin/sanctum-requests/{first.Id()}/{action}", null)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await admin.Client.PostAsync($"/api/admin/sanctum-requests/{second.Id()}/{action}", HttpAssertions.Json(""))).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("reject")]
    public async Task Review_notes_that_are_sent_are_validated(string action)
    {
        var admin = await app.CreateAdminAsync();
        var user = await app.SignupAsync();
        var request = await user.RequestSanctumAsync();
        var path = $"/api/admin/sanctum-requests/{request.Id()}/{action}";

        var problem = await (await admin.Client.PostAsJsonAsync(path, new { review_notes = new string('n', 1001) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "review_notes must not exceed 1000 characters");
        Assert.True(problem.GetProperty("errors").TryGetProperty("review_notes", out _));
        await (await admin.Client.PostAsync(path, HttpAssertions.Json("""{"review_notes": 5}""")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid request body");
        var reviewed = await (await admin.Client.PostAsJsonAsync(path, new { review_notes = $"  {new string('n', 1000)}  " })).ExpectJsonAsync(HttpStatusCode.OK);
        var notes = action == "approve" ? reviewed.GetProperty("request").GetProperty("review_notes") : reviewed.GetProperty("review_notes");
        Assert.Equal(1000, notes.GetString()!.Length);
    }
}
