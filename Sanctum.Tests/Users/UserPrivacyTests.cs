using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Users;

/// <summary>The user routes show <c>email</c> and the ban fields only to the user and to admins (project decision 7).</summary>
[Collection(AppCollection.Name)]
public sealed class UserPrivacyTests(SanctumAppFixture app)
{
    private async Task<(TestUser Target, TestUser Other, TestUser Admin)> ArrangeAsync(bool banned)
    {
        var target = await app.SignupAsync("tg");
        var other = await app.SignupAsync("ot");
        var admin = await app.CreateAdminAsync();
        if (banned)
        {
            await app.BanAsync(target);
        }
        return (target, other, admin);
    }

    private static async Task<JsonElement> GetAsync(TestUser viewer, string path) =>
        await (await viewer.Client.GetAsync(path)).ExpectJsonAsync(HttpStatusCode.OK);

    /// <summary>The user's entry in <c>GET /api/users</c> (ordered by id), found page by page.</summary>
    private static async Task<JsonElement> FindInListAsync(TestUser viewer, long id)
    {
        for (var offset = 0; offset < 100_000; offset += 100)
        {
            var page = await GetAsync(viewer, $"/api/users?limit=100&offset={offset}");
            Assert.NotEqual(0, page.GetArrayLength());
            foreach (var user in page.EnumerateArray().Where(user => user.GetProperty("id").GetInt64() == id))
            {
                return user;
            }
        }
        throw new Xunit.Sdk.XunitException($"User {id} is not in the list");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Profile_shows_private_fields_only_to_the_user_and_admins(bool banned)
    {
        var (target, other, admin) = await ArrangeAsync(banned);
        var path = $"/api/users/{target.Id}";

        (await GetAsync(other, path)).AssertPublicForm(target);
        (await GetAsync(admin, path)).AssertFullForm(target, banned);
        if (!banned)
        {
            (await GetAsync(target, path)).AssertFullForm(target, banned: false);
            (await GetAsync(target, "/api/users/me")).AssertFullForm(target, banned: false);
        }
        await (await app.CreateClient().GetAsync(path)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "Authorization required");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cached_profile_is_redacted_per_viewer_whoever_filled_the_cache(bool banned)
    {
        var (target, other, admin) = await ArrangeAsync(banned);
        var path = $"/api/users/{target.Id}/cached";

        // The admin's read fills the cache with the full form; the reads after it come from the cache.
        (await GetAsync(admin, path)).AssertFullForm(target, banned);
        (await GetAsync(other, path)).AssertPublicForm(target);
        (await GetAsync(admin, path)).AssertFullForm(target, banned);
        if (!banned)
        {
            (await GetAsync(target, path)).AssertFullForm(target, banned: false);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task List_shows_private_fields_only_to_the_user_and_admins(bool banned)
    {
        var (target, other, admin) = await ArrangeAsync(banned);

        (await FindInListAsync(other, target.Id)).AssertPublicForm(target);
        (await FindInListAsync(admin, target.Id)).AssertFullForm(target, banned);
        if (!banned)
        {
            (await FindInListAsync(target, target.Id)).AssertFullForm(target, banned: false);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Promote_and_demote_answer_the_admin_with_the_full_form(bool banned)
    {
        var (target, _, admin) = await ArrangeAsync(banned);

        var promoted = await (await admin.Client.PostAsync($"/api/users/{target.Id}/promote-admin", null)).ExpectJsonAsync(HttpStatusCode.OK);
        var demoted = await (await admin.Client.PostAsync($"/api/users/{target.Id}/demote-admin", null)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("User promoted to admin", promoted.GetProperty("message").GetString());
        promoted.GetProperty("user").AssertFullForm(target, banned);
        Assert.True(promoted.GetProperty("user").GetProperty("is_admin").GetBoolean());
        Assert.Equal("User demoted from admin", demoted.GetProperty("message").GetString());
        demoted.GetProperty("user").AssertFullForm(target, banned);
        Assert.False(demoted.GetProperty("user").GetProperty("is_admin").GetBoolean());
    }
}
