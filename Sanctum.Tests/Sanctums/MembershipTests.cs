using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Sanctums;

[Collection(AppCollection.Name)]
public sealed class MembershipTests(SanctumAppFixture app)
{
    private static Task<HttpResponseMessage> FollowAsync(TestUser user, params string?[] slugs) =>
        user.Client.PostAsJsonAsync("/api/sanctums/memberships/bulk", new { sanctum_slugs = slugs });

    private static async Task<JsonElement> MineAsync(TestUser user) =>
        await (await user.Client.GetAsync("/api/sanctums/memberships/me")).ExpectJsonAsync(HttpStatusCode.OK);

    private static Dictionary<string, string> Roles(JsonElement memberships) =>
        memberships.EnumerateArray().ToDictionary(
            item => item.GetProperty("sanctum").GetProperty("slug").GetString()!,
            item => item.GetProperty("role").GetString()!);

    [Fact]
    public async Task A_new_user_has_no_memberships()
    {
        var user = await app.SignupAsync();

        Assert.Empty((await MineAsync(user)).EnumerateArray());
    }

    [Fact]
    public async Task Bulk_follow_normalizes_slugs_and_returns_the_listed_memberships()
    {
        var user = await app.SignupAsync();

        var body = await (await FollowAsync(user, "atrium", " GENERAL ", "general")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(2, body.GetArrayLength());
        var first = body[0];
        string[] fields = ["sanctum_id", "user_id", "role", "created_at", "updated_at", "sanctum"];
        Assert.Equal(fields.Order(), first.EnumerateObject().Select(member => member.Name).Order());
        Assert.Equal(user.Id, first.GetProperty("user_id").GetInt64());
        Assert.Equal(first.GetProperty("sanctum_id").GetInt64(), first.GetProperty("sanctum").GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.Number, first.GetProperty("sanctum").GetProperty("default_chat_room_id").ValueKind);
        Assert.Equal(new Dictionary<string, string> { ["atrium"] = "member", ["general"] = "member" }, Roles(body));
        Assert.Equal(Roles(body), Roles(await MineAsync(user)));
    }

    [Fact]
    public async Task Bulk_follow_replaces_member_rows_not_in_the_list()
    {
        var user = await app.SignupAsync();
        await (await FollowAsync(user, "atrium", "general")).ExpectJsonAsync(HttpStatusCode.OK);

        var body = await (await FollowAsync(user, "books", "atrium")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(new Dictionary<string, string> { ["atrium"] = "member", ["books"] = "member" }, Roles(body));
        Assert.Equal(Roles(body), Roles(await MineAsync(user)));
    }

    [Fact]
    public async Task Owner_and_mod_rows_are_never_removed_and_keep_their_role()
    {
        var admin = await app.CreateAdminAsync();
        var (owner, sanctum) = await app.CreateOwnedSanctumAsync(admin);
        var slug = sanctum.GetProperty("slug").GetString()!;
        var mod = await app.SignupAsync();
        await (await owner.Client.PostAsync($"/api/sanctums/{slug}/admins/{mod.Id}", null)).ExpectJsonAsync(HttpStatusCode.OK);

        await (await FollowAsync(owner, "atrium")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(new Dictionary<string, string> { [slug] = "owner", ["atrium"] = "member" }, Roles(await MineAsync(owner)));
        await (await FollowAsync(mod, "atrium")).ExpectJsonAsync(HttpStatusCode.OK);
        var listedByOwner = await (await FollowAsync(owner, slug, "general")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(new Dictionary<string, string> { [slug] = "mod", ["atrium"] = "member" }, Roles(await MineAsync(mod)));
        Assert.Equal(new Dictionary<string, string> { [slug] = "owner", ["general"] = "member" }, Roles(listedByOwner));
        Assert.Equal(new Dictionary<string, string> { [slug] = "owner", ["general"] = "member" }, Roles(await MineAsync(owner)));
    }

    [Fact]
    public async Task Unknown_or_inactive_slugs_are_400_and_change_nothing()
    {
        var user = await app.SignupAsync();
        await (await FollowAsync(user, "atrium")).ExpectJsonAsync(HttpStatusCode.OK);

        await (await FollowAsync(user, "general", TestData.Slug("none")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "one or more sanctum_slugs are invalid");

        Assert.Equal(new Dictionary<string, string> { ["atrium"] = "member" }, Roles(await MineAsync(user)));
    }

    [Fact]
    public async Task An_empty_or_missing_list_is_400()
    {
        var user = await app.SignupAsync();

        await (await FollowAsync(user)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "sanctum_slugs is required");
        await (await user.Client.PostAsJsonAsync("/api/sanctums/memberships/bulk", new { }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "sanctum_slugs is required");
        await (await FollowAsync(user, "atrium", " "))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "sanctum_slugs cannot contain empty values");
        await (await FollowAsync(user, "atrium", null))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "sanctum_slugs cannot contain empty values");
    }

    [Fact]
    public async Task Anonymous_callers_are_401()
    {
        var client = app.CreateClient();

        await (await client.GetAsync("/api/sanctums/memberships/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await client.PostAsJsonAsync("/api/sanctums/memberships/bulk", new { sanctum_slugs = new[] { "atrium" } }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
