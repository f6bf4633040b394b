using Npgsql;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Sanctums;

[Collection(AppCollection.Name)]
public sealed class SanctumReadTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Built_in_sanctums_are_listed_publicly_each_with_a_default_room()
    {
        var list = await (await app.CreateClient().GetAsync("/api/sanctums")).ExpectJsonAsync(HttpStatusCode.OK);

        foreach (var slug in SanctumSteps.BuiltInSlugs)
        {
            var sanctum = list.EnumerateArray().Single(item => item.GetProperty("slug").GetString() == slug);
            Assert.Equal(JsonValueKind.Number, sanctum.GetProperty("default_chat_room_id").ValueKind);
            Assert.Equal(JsonValueKind.Null, sanctum.GetProperty("created_by_user_id").ValueKind);
            Assert.Equal("active", sanctum.GetProperty("status").GetString());
        }
        var atrium = list.EnumerateArray().Single(item => item.GetProperty("slug").GetString() == "atrium");
        Assert.Equal("Atrium", atrium.GetProperty("name").GetString());
        Assert.Equal("General community discussions.", atrium.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Built_ins_have_exactly_one_group_room_made_by_nobody()
    {
        var slugs = new NpgsqlParameter("slugs", SanctumSteps.BuiltInSlugs);
        var sanctums = await app.ScalarAsync<long>("SELECT count(*) FROM sanctums WHERE slug = ANY(@slugs)", slugs);
        var rooms = await app.ScalarAsync<long>("""
            SELECT count(*) FROM conversations c JOIN sanctums s ON s.id = c.sanctum_id
            WHERE s.slug = ANY(@slugs) AND c.is_group AND c.created_by = 0 AND c.name = s.name AND c.deleted_at IS NULL
            """, new NpgsqlParameter("slugs", SanctumSteps.BuiltInSlugs));

        Assert.Equal(17, sanctums);
        Assert.Equal(17, rooms);
    }

    [Fact]
    public async Task The_list_is_ordered_by_name()
    {
        var list = await (await app.CreateClient().GetAsync("/api/sanctums")).ExpectJsonAsync(HttpStatusCode.OK);
        var builtInNames = list.EnumerateArray()
            .Where(item => SanctumSteps.BuiltInSlugs.Contains(item.GetProperty("slug").GetString()))
            .Select(item => item.GetProperty("name").GetString()!)
            .ToList();

        Assert.Equal(17, builtInNames.Count);
        Assert.Equal(builtInNames.Order(StringComparer.Ordinal), builtInNames);
    }

    [Fact]
    public async Task A_sanctum_by_slug_has_every_field_of_the_contract()
    {
        var body = await (await app.CreateClient().GetAsync("/api/sanctums/general")).ExpectJsonAsync(HttpStatusCode.OK);

        string[] fields = ["id", "name", "slug", "description", "created_by_user_id", "status", "created_at", "updated_at", "default_chat_room_id"];
        Assert.Equal(fields.Order(), body.EnumerateObject().Select(member => member.Name).Order());
        Assert.Equal("general", body.GetProperty("slug").GetString());
        Assert.EndsWith("Z", body.GetProperty("created_at").GetString());
    }

    [Fact]
    public async Task An_unknown_slug_is_404_with_the_slug_in_the_message()
    {
        var slug = TestData.Slug("none");
        var response = await app.CreateClient().GetAsync($"/api/sanctums/{slug}");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Sanctum with ID {slug} not found");
    }

    [Fact]
    public async Task Inactive_sanctums_are_neither_listed_nor_served()
    {
        var slug = TestData.Slug("ban");
        await app.ExecuteSqlAsync("INSERT INTO sanctums (name, slug, status) VALUES (@slug, @slug, 'banned')", new NpgsqlParameter("slug", slug));
        var client = app.CreateClient();

        var list = await (await client.GetAsync("/api/sanctums")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(slug, list.Slugs());
        await (await client.GetAsync($"/api/sanctums/{slug}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
