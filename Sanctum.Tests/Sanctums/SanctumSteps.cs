using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Sanctums;

/// <summary>Arrange steps shared by the sanctum and admin tests, all through the public routes.</summary>
public static class SanctumSteps
{
    public static readonly string[] BuiltInSlugs =
    [
        "atrium", "general", "herald", "support", "movies", "television", "books", "music", "anime",
        "gaming", "pcgaming", "development", "hardware", "linux", "ai", "fitness", "food",
    ];

    /// <summary>Files a request for a fresh (or the given) slug and returns its JSON (201 asserted).</summary>
    public static async Task<JsonElement> RequestSanctumAsync(this TestUser user, string? slug = null, string reason = "A place for testing things.")
    {
        slug ??= TestData.Slug();
        var response = await user.Client.PostAsJsonAsync("/api/sanctums/requests",
            new { requested_name = $"Name {slug}", requested_slug = slug, reason });
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>Approves the request as the admin and returns the <c>{request, sanctum}</c> body (200 asserted).</summary>
    public static async Task<JsonElement> ApproveAsync(this TestUser admin, long requestId)
    {
        var response = await admin.Client.PostAsync($"/api/admin/sanctum-requests/{requestId}/approve", null);
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>A fresh user who owns a freshly approved sanctum; returns the owner and the sanctum JSON.</summary>
    public static async Task<(TestUser Owner, JsonElement Sanctum)> CreateOwnedSanctumAsync(this SanctumAppFixture app, TestUser admin)
    {
        var owner = await app.SignupAsync("own");
        var request = await owner.RequestSanctumAsync();
        var approved = await admin.ApproveAsync(request.GetProperty("id").GetInt64());
        return (owner, approved.GetProperty("sanctum"));
    }

    public static IReadOnlyList<string> Slugs(this JsonElement list) =>
        list.EnumerateArray().Select(item => item.GetProperty("slug").GetString()!).ToList();
}
