using Npgsql;
using Sanctum.Tests.TestSupport;
using Sanctum.Tests.Sanctums;

namespace Sanctum.Tests.Admin;

/// <summary>Admin deletion of a sanctum, and the freshness of the cached public reads around approval and deletion.</summary>
[Collection(AppCollection.Name)]
public sealed class SanctumDeletionTests(SanctumAppFixture app)
{
    [Fact]
    public async Task An_approved_sanctum_appears_at_once_and_a_deleted_one_disappears_at_once()
    {
        var admin = await app.CreateAdminAsync();
        var requester = await app.SignupAsync();
        var request = await requester.RequestSanctumAsync();
        var slug = request.GetProperty("requested_slug").GetString()!;
        var anonymous = app.CreateClient();

        // Fill the cache first, so freshness depends on invalidation, not on an empty cache.
        Assert.DoesNotContain(slug, (await (await anonymous.GetAsync("/api/sanctums")).ExpectJsonAsync(HttpStatusCode.OK)).Slugs());
        await (await anonymous.GetAsync($"/api/sanctums/{slug}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        var sanctum = (await admin.ApproveAsync(request.GetProperty("id").GetInt64())).GetProperty("sanctum");

        var listed = await (await anonymous.GetAsync("/api/sanctums")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(slug, listed.Slugs());
        var bySlug = await (await anonymous.GetAsync($"/api/sanctums/{slug}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(sanctum.GetProperty("id").GetInt64(), bySlug.GetProperty("id").GetInt64());
        Assert.Equal(sanctum.GetProperty("default_chat_room_id").GetInt64(), bySlug.GetProperty("default_chat_room_id").GetInt64());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/admin/sanctums/{slug}")).StatusCode);

        Assert.DoesNotContain(slug, (await (await anonymous.GetAsync("/api/sanctums")).ExpectJsonAsync(HttpStatusCode.OK)).Slugs());
        await (await anonymous.GetAsync($"/api/sanctums/{slug}"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Sanctum with ID {slug} not found");
    }

    [Fact]
    public async Task Deleting_removes_memberships_and_soft_deletes_the_room()
    {
        var admin = await app.CreateAdminAsync();
        var (owner, sanctum) = await app.CreateOwnedSanctumAsync(admin);
        var slug = sanctum.GetProperty("slug").GetString()!;
        var roomId = sanctum.GetProperty("default_chat_room_id").GetInt64();
        var follower = await app.SignupAsync();
        await (await follower.Client.PostAsJsonAsync("/api/sanctums/memberships/bulk", new { sanctum_slugs = new[] { slug, "atrium" } }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/admin/sanctums/{slug}")).StatusCode);

        Assert.Empty((await (await owner.Client.GetAsync("/api/sanctums/memberships/me")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray());
        var remaining = await (await follower.Client.GetAsync("/api/sanctums/memberships/me")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["atrium"], remaining.EnumerateArray().Select(item => item.GetProperty("sanctum").GetProperty("slug").GetString()));
        Assert.Equal(1, await app.ScalarAsync<long>(
            "SELECT count(*) FROM conversations WHERE id = @roomId AND deleted_at IS NOT NULL", new NpgsqlParameter("roomId", roomId)));
        Assert.Equal(0, await app.ScalarAsync<long>(
            "SELECT count(*) FROM sanctums WHERE slug = @slug", new NpgsqlParameter("slug", slug)));
        // The slug can be requested again.
        await owner.RequestSanctumAsync(slug);
    }

    [Fact]
    public async Task Deleting_an_unknown_sanctum_is_404()
    {
        var admin = await app.CreateAdminAsync();
        var slug = TestData.Slug("none");

        await (await admin.Client.DeleteAsync($"/api/admin/sanctums/{slug}"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Sanctum with ID {slug} not found");
    }
}
