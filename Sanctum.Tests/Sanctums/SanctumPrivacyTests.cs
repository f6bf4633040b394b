using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Sanctums;

/// <summary>The sanctum routes that show users follow project decision 7: an email only to its user and to admins.</summary>
[Collection(AppCollection.Name)]
public sealed class SanctumPrivacyTests(SanctumAppFixture app)
{
    private static Dictionary<long, string> EmailsByUser(JsonElement roster) =>
        roster.EnumerateArray().ToDictionary(row => row.GetProperty("user_id").GetInt64(), row => row.GetProperty("email").GetString()!);

    [Fact]
    public async Task Admin_roster_shows_the_owner_only_their_own_email_and_an_admin_every_email()
    {
        var admin = await app.CreateAdminAsync();
        var (owner, sanctum) = await app.CreateOwnedSanctumAsync(admin);
        var slug = sanctum.GetProperty("slug").GetString()!;
        var mod = await app.SignupAsync("mod");

        var promoted = await (await owner.Client.PostAsync($"/api/sanctums/{slug}/admins/{mod.Id}", null)).ExpectJsonAsync(HttpStatusCode.OK);
        var ownerView = await (await owner.Client.GetAsync($"/api/sanctums/{slug}/admins")).ExpectJsonAsync(HttpStatusCode.OK);
        var adminView = await (await admin.Client.GetAsync($"/api/sanctums/{slug}/admins")).ExpectJsonAsync(HttpStatusCode.OK);
        var promotedByAdmin = await (await admin.Client.PostAsync($"/api/sanctums/{slug}/admins/{mod.Id}", null)).ExpectJsonAsync(HttpStatusCode.OK);
        var demoted = await (await owner.Client.DeleteAsync($"/api/sanctums/{slug}/admins/{mod.Id}")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("", promoted.GetProperty("email").GetString());
        Assert.Equal(new Dictionary<long, string> { [owner.Id] = owner.Email, [mod.Id] = "" }, EmailsByUser(ownerView));
        Assert.Equal(new Dictionary<long, string> { [owner.Id] = owner.Email, [mod.Id] = mod.Email }, EmailsByUser(adminView));
        Assert.Equal(mod.Email, promotedByAdmin.GetProperty("email").GetString());
        Assert.Equal("", demoted.GetProperty("email").GetString());
        await (await mod.Client.GetAsync($"/api/sanctums/{slug}/admins"))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Sanctum owner or master admin access required");
    }

    [Fact]
    public async Task My_requests_show_me_in_full_and_the_reviewing_admin_in_the_public_form()
    {
        var reviewer = await app.CreateAdminAsync();
        var requester = await app.SignupAsync("req");
        var request = await requester.RequestSanctumAsync();
        await reviewer.ApproveAsync(request.GetProperty("id").GetInt64());

        var mine = await (await requester.Client.GetAsync("/api/sanctums/requests/me")).ExpectJsonAsync(HttpStatusCode.OK);

        var row = Assert.Single(mine.EnumerateArray());
        row.GetProperty("requested_by_user").AssertFullForm(requester, banned: false);
        row.GetProperty("reviewed_by_user").AssertPublicForm(reviewer);
    }

    [Fact]
    public async Task Admin_console_lists_show_every_user_in_full()
    {
        var reviewer = await app.CreateAdminAsync();
        var otherAdmin = await app.CreateAdminAsync();
        var requester = await app.SignupAsync("req");
        var pending = await requester.RequestSanctumAsync();
        var approved = await requester.RequestSanctumAsync();
        await reviewer.ApproveAsync(approved.GetProperty("id").GetInt64());
        await app.BanAsync(requester);

        var pendingList = await (await otherAdmin.Client.GetAsync("/api/admin/sanctum-requests?status=pending")).ExpectJsonAsync(HttpStatusCode.OK);
        var approvedList = await (await otherAdmin.Client.GetAsync("/api/admin/sanctum-requests?status=approved")).ExpectJsonAsync(HttpStatusCode.OK);

        var pendingRow = Assert.Single(pendingList.EnumerateArray(), row => row.GetProperty("id").GetInt64() == pending.GetProperty("id").GetInt64());
        pendingRow.GetProperty("requested_by_user").AssertFullForm(requester, banned: true);
        var approvedRow = Assert.Single(approvedList.EnumerateArray(), row => row.GetProperty("id").GetInt64() == approved.GetProperty("id").GetInt64());
        approvedRow.GetProperty("requested_by_user").AssertFullForm(requester, banned: true);
        approvedRow.GetProperty("reviewed_by_user").AssertFullForm(reviewer, banned: false);
    }
}
