using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Sanctums;

[Collection(AppCollection.Name)]
public sealed class SanctumRequestTests(SanctumAppFixture app)
{
    private const string Required = "requested_name, requested_slug, and reason are required";

    [Fact]
    public async Task Creating_a_request_returns_201_with_the_contract_shape()
    {
        var user = await app.SignupAsync();
        var slug = TestData.Slug();
        var response = await user.Client.PostAsJsonAsync("/api/sanctums/requests",
            new { requested_name = "  Knitting Circle  ", requested_slug = $" {slug} ", reason = " Yarn talk. " });
        var body = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.True(body.GetProperty("id").GetInt64() > 0);
        Assert.Equal("Knitting Circle", body.GetProperty("requested_name").GetString());
        Assert.Equal(slug, body.GetProperty("requested_slug").GetString());
        Assert.Equal("Yarn talk.", body.GetProperty("reason").GetString());
        Assert.Equal(user.Id, body.GetProperty("requested_by_user_id").GetInt64());
        Assert.Equal("pending", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("reviewed_by_user_id").ValueKind);
        Assert.Equal("", body.GetProperty("review_notes").GetString());
        Assert.True(body.TryGetProperty("created_at", out _));
        Assert.True(body.TryGetProperty("updated_at", out _));
        Assert.False(body.TryGetProperty("requested_by_user", out _));
        Assert.False(body.TryGetProperty("reviewed_by_user", out _));
    }

    [Theory]
    [InlineData("ab", "slug must be 3-24 characters and contain only lowercase letters, numbers, and hyphens")]
    [InlineData("Upper", "slug must be 3-24 characters and contain only lowercase letters, numbers, and hyphens")]
    [InlineData("under_score", "slug must be 3-24 characters and contain only lowercase letters, numbers, and hyphens")]
    [InlineData("abcdefghijklmnopqrstuvwxy", "slug must be 3-24 characters and contain only lowercase letters, numbers, and hyphens")]
    [InlineData("", "slug must be 3-24 characters and contain only lowercase letters, numbers, and hyphens")]
    [InlineData("-abc", "slug cannot start or end with a hyphen")]
    [InlineData("abc-", "slug cannot start or end with a hyphen")]
    [InlineData("admin", "slug is reserved")]
    [InlineData("sanctums", "slug is reserved")]
    [InlineData("signup", "slug is reserved")]
    public async Task Slug_rules_are_400(string slug, string message)
    {
        var user = await app.SignupAsync();
        var response = await user.Client.PostAsJsonAsync("/api/sanctums/requests",
            new { requested_name = "Name", requested_slug = slug, reason = "Reason" });

        var body = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", message);
        Assert.Equal(message, body.GetProperty("errors").GetProperty("requested_slug")[0].GetString());
    }

    [Theory]
    [InlineData("", "Reason", Required)]
    [InlineData("   ", "Reason", Required)]
    [InlineData("Name", "", Required)]
    [InlineData(null, "Reason", Required)]
    public async Task Missing_fields_are_400(string? name, string reason, string message)
    {
        var user = await app.SignupAsync();
        var response = await user.Client.PostAsJsonAsync("/api/sanctums/requests",
            new { requested_name = name, requested_slug = TestData.Slug(), reason });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", message);
    }

    [Fact]
    public async Task A_name_over_120_characters_is_400_not_a_database_error()
    {
        var user = await app.SignupAsync();
        var response = await user.Client.PostAsJsonAsync("/api/sanctums/requests",
            new { requested_name = new string('n', 121), requested_slug = TestData.Slug(), reason = "Reason" });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "requested_name must not exceed 120 characters");
    }

    [Fact]
    public async Task A_reason_over_1000_characters_is_400()
    {
        var user = await app.SignupAsync();
        var response = await user.Client.PostAsJsonAsync("/api/sanctums/requests",
            new { requested_name = "Name", requested_slug = TestData.Slug(), reason = new string('r', 1001) });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "reason must not exceed 1000 characters");
    }

    [Fact]
    public async Task A_nul_character_is_400_not_a_database_error()
    {
        var user = await app.SignupAsync();
        var response = await user.Client.PostAsJsonAsync("/api/sanctums/requests",
            new { requested_name = "Na\u0000me", requested_slug = TestData.Slug(), reason = "Reason" });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "requested_name contains invalid characters");
    }

    [Fact]
    public async Task Name_of_120_and_reason_of_1000_characters_are_accepted()
    {
        var user = await app.SignupAsync();
        var response = await user.Client.PostAsJsonAsync("/api/sanctums/requests",
            new { requested_name = new string('n', 120), requested_slug = TestData.Slug(), reason = new string('r', 1000) });

        await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Anonymous_callers_are_401()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/sanctums/requests",
            new { requested_name = "Name", requested_slug = TestData.Slug(), reason = "Reason" });

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await app.CreateClient().GetAsync("/api/sanctums/requests/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task A_slug_used_by_a_sanctum_is_409()
    {
        var user = await app.SignupAsync();
        var response = await user.Client.PostAsJsonAsync("/api/sanctums/requests",
            new { requested_name = "Another Atrium", requested_slug = "atrium", reason = "Reason" });

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "slug is already in use");
    }

    [Fact]
    public async Task A_slug_with_a_pending_request_is_409()
    {
        var first = await app.SignupAsync();
        var second = await app.SignupAsync();
        var slug = TestData.Slug();
        await first.RequestSanctumAsync(slug);

        var response = await second.Client.PostAsJsonAsync("/api/sanctums/requests",
            new { requested_name = "Same slug", requested_slug = slug, reason = "Reason" });

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "a pending request already exists for this slug");
    }

    [Fact]
    public async Task My_requests_are_mine_only_newest_first()
    {
        var user = await app.SignupAsync();
        var other = await app.SignupAsync();
        var older = await user.RequestSanctumAsync();
        var newer = await user.RequestSanctumAsync();
        var foreign = await other.RequestSanctumAsync();

        var list = await (await user.Client.GetAsync("/api/sanctums/requests/me")).ExpectJsonAsync(HttpStatusCode.OK);

        var ids = list.EnumerateArray().Select(item => item.GetProperty("id").GetInt64()).ToList();
        Assert.Equal([newer.GetProperty("id").GetInt64(), older.GetProperty("id").GetInt64()], ids);
        Assert.DoesNotContain(foreign.GetProperty("id").GetInt64(), ids);
        Assert.Equal(user.Id, list[0].GetProperty("requested_by_user").GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.Null, list[0].GetProperty("reviewed_by_user_id").ValueKind);
    }

    [Fact]
    public async Task The_requester_may_delete_their_request()
    {
        var user = await app.SignupAsync();
        var request = await user.RequestSanctumAsync();
        var id = request.GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/sanctums/requests/{id}")).StatusCode);

        var list = await (await user.Client.GetAsync("/api/sanctums/requests/me")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Empty(list.EnumerateArray());
        // The slug is free again once the pending request is gone.
        await user.RequestSanctumAsync(request.GetProperty("requested_slug").GetString());
    }

    [Fact]
    public async Task Another_user_may_not_delete_a_request_but_an_admin_may()
    {
        var user = await app.SignupAsync();
        var stranger = await app.SignupAsync();
        var admin = await app.CreateAdminAsync();
        var id = (await user.RequestSanctumAsync()).GetProperty("id").GetInt64();

        await (await stranger.Client.DeleteAsync($"/api/sanctums/requests/{id}"))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Not authorized to delete this request");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/sanctums/requests/{id}")).StatusCode);
        await (await user.Client.DeleteAsync($"/api/sanctums/requests/{id}"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Sanctum request with ID {id} not found");
    }

    [Fact]
    public async Task A_malformed_request_id_is_400()
    {
        var user = await app.SignupAsync();

        await (await user.Client.DeleteAsync("/api/sanctums/requests/abc"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid ID");
    }
}
