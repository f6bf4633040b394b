using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Admin;

[Collection(AppCollection.Name)]
public sealed class AdminPromotionTests(SanctumAppFixture app)
{
    [Fact]
    public async Task An_admin_promotes_and_demotes_a_user_and_the_gate_follows_at_once()
    {
        var admin = await app.CreateAdminAsync();
        var user = await app.SignupAsync();
        // Cache the profile first: promotion must invalidate it.
        var cached = await (await user.Client.GetAsync($"/api/users/{user.Id}/cached")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.False(cached.GetProperty("is_admin").GetBoolean());

        var promoted = await (await admin.Client.PostAsync($"/api/users/{user.Id}/promote-admin", null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("User promoted to admin", promoted.GetProperty("message").GetString());
        Assert.Equal(user.Id, promoted.GetProperty("user").GetProperty("id").GetInt64());
        Assert.True(promoted.GetProperty("user").GetProperty("is_admin").GetBoolean());
        Assert.True((await (await user.Client.GetAsync($"/api/users/{user.Id}/cached")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("is_admin").GetBoolean());
        await (await user.Client.GetAsync("/api/admin/sanctum-requests?status=rejected")).ExpectJsonAsync(HttpStatusCode.OK);

        var demoted = await (await admin.Client.PostAsync($"/api/users/{user.Id}/demote-admin", null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("User demoted from admin", demoted.GetProperty("message").GetString());
        Assert.False(demoted.GetProperty("user").GetProperty("is_admin").GetBoolean());
        Assert.False((await (await user.Client.GetAsync($"/api/users/{user.Id}/cached")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("is_admin").GetBoolean());
        await (await user.Client.GetAsync("/api/admin/sanctum-requests")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Admin access required");
    }

    [Fact]
    public async Task Promotion_keeps_the_password_working()
    {
        var admin = await app.CreateAdminAsync();
        var user = await app.SignupAsync();

        await (await admin.Client.PostAsync($"/api/users/{user.Id}/promote-admin", null)).ExpectJsonAsync(HttpStatusCode.OK);

        var login = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password });
        Assert.True((await login.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("user").GetProperty("is_admin").GetBoolean());
    }

    [Fact]
    public async Task The_development_root_admin_cannot_be_demoted()
    {
        var admin = await app.CreateAdminAsync();
        var root = await app.LoginRootAsync();

        await (await admin.Client.PostAsync($"/api/users/{root.Id}/demote-admin", null))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "cannot demote protected development root admin user");
    }

    [Fact]
    public async Task Unknown_users_are_404_and_plain_users_403()
    {
        var admin = await app.CreateAdminAsync();
        var user = await app.SignupAsync();

        await (await admin.Client.PostAsync("/api/users/999999999/promote-admin", null))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "User with ID 999999999 not found");
        await (await admin.Client.PostAsync("/api/users/999999999/demote-admin", null))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "User with ID 999999999 not found");
        await (await user.Client.PostAsync($"/api/users/{user.Id}/promote-admin", null))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Admin access required");
        await (await app.CreateClient().PostAsync($"/api/users/{user.Id}/promote-admin", null))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
