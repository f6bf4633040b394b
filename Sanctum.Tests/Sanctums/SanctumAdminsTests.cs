using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Sanctums;

/// <summary>The sanctum admin roster: owner or platform admin only; mods are not enough.</summary>
[Collection(AppCollection.Name)]
public sealed class SanctumAdminsTests(SanctumAppFixture app)
{
    private const string OwnerRequired = "Sanctum owner or master admin access required";

    private async Task<(TestUser Admin, TestUser Owner, string Slug)> ArrangeAsync()
    {
        var admin = await app.CreateAdminAsync();
        var (owner, sanctum) = await app.CreateOwnedSanctumAsync(admin);
        return (admin, owner, sanctum.GetProperty("slug").GetString()!);
    }

    [Fact]
    public async Task The_owner_lists_admins_with_the_contract_shape()
    {
        var (_, owner, slug) = await ArrangeAsync();

        var list = await (await owner.Client.GetAsync($"/api/sanctums/{slug}/admins")).ExpectJsonAsync(HttpStatusCode.OK);

        var row = Assert.Single(list.EnumerateArray());
        string[] fields = ["user_id", "username", "email", "role", "created_at", "updated_at"];
        Assert.Equal(fields.Order(), row.EnumerateObject().Select(member => member.Name).Order());
        Assert.Equal(owner.Id, row.GetProperty("user_id").GetInt64());
        Assert.Equal(owner.Username, row.GetProperty("username").GetString());
        Assert.Equal(owner.Email, row.GetProperty("email").GetString());
        Assert.Equal("owner", row.GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_owner_promotes_and_demotes_a_mod()
    {
        var (_, owner, slug) = await ArrangeAsync();
        var user = await app.SignupAsync();

        var promoted = await (await owner.Client.PostAsync($"/api/sanctums/{slug}/admins/{user.Id}", null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("mod", promoted.GetProperty("role").GetString());
        Assert.Equal(user.Id, promoted.GetProperty("user_id").GetInt64());

        var list = await (await owner.Client.GetAsync($"/api/sanctums/{slug}/admins")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal([owner.Id, user.Id], list.EnumerateArray().Select(row => row.GetProperty("user_id").GetInt64()));

        var demoted = await (await owner.Client.DeleteAsync($"/api/sanctums/{slug}/admins/{user.Id}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("member", demoted.GetProperty("role").GetString());
        list = await (await owner.Client.GetAsync($"/api/sanctums/{slug}/admins")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal([owner.Id], list.EnumerateArray().Select(row => row.GetProperty("user_id").GetInt64()));
    }

    [Fact]
    public async Task Promoting_the_owner_leaves_them_owner()
    {
        var (_, owner, slug) = await ArrangeAsync();

        var body = await (await owner.Client.PostAsync($"/api/sanctums/{slug}/admins/{owner.Id}", null)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("owner", body.GetProperty("role").GetString());
        var list = await (await owner.Client.GetAsync($"/api/sanctums/{slug}/admins")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("owner", Assert.Single(list.EnumerateArray()).GetProperty("role").GetString());
    }

    [Fact]
    public async Task Demoting_the_owner_is_400()
    {
        var (admin, owner, slug) = await ArrangeAsync();

        await (await admin.Client.DeleteAsync($"/api/sanctums/{slug}/admins/{owner.Id}"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "cannot demote sanctum owner");
    }

    [Fact]
    public async Task Mods_plain_users_and_anonymous_callers_are_refused()
    {
        var (_, owner, slug) = await ArrangeAsync();
        var mod = await app.SignupAsync();
        var plain = await app.SignupAsync();
        await (await owner.Client.PostAsync($"/api/sanctums/{slug}/admins/{mod.Id}", null)).ExpectJsonAsync(HttpStatusCode.OK);

        await (await mod.Client.GetAsync($"/api/sanctums/{slug}/admins")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", OwnerRequired);
        await (await mod.Client.PostAsync($"/api/sanctums/{slug}/admins/{plain.Id}", null)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", OwnerRequired);
        await (await mod.Client.DeleteAsync($"/api/sanctums/{slug}/admins/{mod.Id}")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", OwnerRequired);
        await (await plain.Client.GetAsync($"/api/sanctums/{slug}/admins")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", OwnerRequired);
        await (await app.CreateClient().GetAsync($"/api/sanctums/{slug}/admins")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task A_platform_admin_manages_any_sanctum()
    {
        var (_, owner, slug) = await ArrangeAsync();
        var otherAdmin = await app.CreateAdminAsync();
        var user = await app.SignupAsync();

        await (await otherAdmin.Client.PostAsync($"/api/sanctums/{slug}/admins/{user.Id}", null)).ExpectJsonAsync(HttpStatusCode.OK);
        var list = await (await otherAdmin.Client.GetAsync($"/api/sanctums/{slug}/admins")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal([owner.Id, user.Id], list.EnumerateArray().Select(row => row.GetProperty("user_id").GetInt64()));
    }

    [Fact]
    public async Task Unknown_sanctums_users_and_memberships_are_404()
    {
        var (_, owner, slug) = await ArrangeAsync();
        var stranger = await app.SignupAsync();
        var missing = TestData.Slug("none");

        await (await owner.Client.GetAsync($"/api/sanctums/{missing}/admins"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Sanctum with ID {missing} not found");
        await (await owner.Client.PostAsync($"/api/sanctums/{slug}/admins/999999999", null))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "User with ID 999999999 not found");
        await (await owner.Client.DeleteAsync($"/api/sanctums/{slug}/admins/{stranger.Id}"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Sanctum membership with ID {stranger.Id} not found");
        await (await owner.Client.PostAsync($"/api/sanctums/{slug}/admins/abc", null))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid user ID");
    }
}
