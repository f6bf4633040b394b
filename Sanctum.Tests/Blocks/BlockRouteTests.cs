using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Blocks;

/// <summary>Block, unblock and <c>blocks/me</c> (contract 2 and 8) at the wire.</summary>
[Collection(AppCollection.Name)]
public sealed class BlockRouteTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Every_block_route_needs_a_token()
    {
        var target = await app.SignupAsync();
        var anonymous = app.CreateClient();

        await (await anonymous.GetAsync("/api/users/blocks/me")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await anonymous.PostAsync($"/api/users/{target.Id}/block", null)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await anonymous.DeleteAsync($"/api/users/{target.Id}/block")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(0, await BlockCountAsync(null, target));
    }

    [Fact]
    public async Task Block_and_unblock_are_idempotent_and_counts_stay_exact()
    {
        var blocker = await app.SignupAsync();
        var target = await app.SignupAsync();

        for (var cycle = 0; cycle < 3; cycle++)
        {
            for (var i = 0; i < 2; i++)
            {
                var blocked = await (await blocker.Client.PostAsync($"/api/users/{target.Id}/block", null)).ExpectJsonAsync(HttpStatusCode.OK);
                Assert.Equal(["message"], blocked.FieldNames());
                Assert.Equal("User blocked", blocked.GetProperty("message").GetString());
                Assert.Equal(1, await BlockCountAsync(blocker, target));
                Assert.Single((await MyBlocksAsync(blocker)).EnumerateArray());
            }
            for (var i = 0; i < 2; i++)
            {
                var unblocked = await (await blocker.Client.DeleteAsync($"/api/users/{target.Id}/block")).ExpectJsonAsync(HttpStatusCode.OK);
                Assert.Equal("User unblocked", unblocked.GetProperty("message").GetString());
                Assert.Equal(0, await BlockCountAsync(blocker, target));
                Assert.Empty((await MyBlocksAsync(blocker)).EnumerateArray());
            }
        }
    }

    [Fact]
    public async Task Unblock_of_a_missing_user_is_still_200()
    {
        var user = await app.SignupAsync();

        var response = await user.Client.DeleteAsync("/api/users/999999999/block");

        Assert.Equal("User unblocked", (await response.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Self_block_missing_user_and_bad_ids_are_refused_and_write_nothing()
    {
        var user = await app.SignupAsync();

        await (await user.Client.PostAsync($"/api/users/{user.Id}/block", null))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "cannot block yourself");
        await (await user.Client.PostAsync("/api/users/999999999/block", null))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "User with ID 999999999 not found");
        foreach (var id in new[] { "abc", "0", "-1", "9223372036854775808" })
        {
            await (await user.Client.PostAsync($"/api/users/{id}/block", null)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid ID");
            await (await user.Client.DeleteAsync($"/api/users/{id}/block")).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid ID");
        }
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT count(*) FROM user_blocks WHERE blocker_id = @id", new Npgsql.NpgsqlParameter("id", user.Id)));
    }

    [Fact]
    public async Task Blocks_me_lists_only_the_callers_blocks_newest_first_with_the_public_blocked_user()
    {
        var blocker = await app.SignupAsync();
        var first = await app.SignupAsync();
        var second = await app.SignupAsync();
        var other = await app.SignupAsync();
        await (await blocker.Client.PostAsync($"/api/users/{first.Id}/block", null)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await blocker.Client.PostAsync($"/api/users/{second.Id}/block", null)).ExpectJsonAsync(HttpStatusCode.OK);
        // Blocks made by others, including one of the caller, are not the caller's.
        await (await other.Client.PostAsync($"/api/users/{first.Id}/block", null)).ExpectJsonAsync(HttpStatusCode.OK);
        await (await first.Client.PostAsync($"/api/users/{blocker.Id}/block", null)).ExpectJsonAsync(HttpStatusCode.OK);

        var blocks = (await MyBlocksAsync(blocker)).EnumerateArray().ToList();

        Assert.Equal([second.Id, first.Id], blocks.Select(block => block.GetProperty("blocked_id").GetInt64()));
        foreach (var (block, expected) in blocks.Zip(new[] { second, first }))
        {
            Assert.Equal(["blocked", "blocked_id", "blocker_id", "created_at", "id"], block.FieldNames());
            Assert.True(block.Id() > 0);
            Assert.Equal(blocker.Id, block.GetProperty("blocker_id").GetInt64());
            Assert.True(DateTimeOffset.TryParse(block.GetProperty("created_at").GetString(), out _));
            block.GetProperty("blocked").AssertPublicForm(expected);
        }
        Assert.True(blocks[0].GetProperty("created_at").GetDateTimeOffset() >= blocks[1].GetProperty("created_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Blocks_me_honours_limit_and_offset()
    {
        var blocker = await app.SignupAsync();
        var targets = new List<TestUser>();
        for (var i = 0; i < 3; i++)
        {
            var target = await app.SignupAsync();
            targets.Add(target);
            await (await blocker.Client.PostAsync($"/api/users/{target.Id}/block", null)).ExpectJsonAsync(HttpStatusCode.OK);
        }

        var page = await (await blocker.Client.GetAsync("/api/users/blocks/me?limit=1&offset=1")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal([targets[1].Id], page.EnumerateArray().Select(block => block.GetProperty("blocked_id").GetInt64()));
    }

    private async Task<JsonElement> MyBlocksAsync(TestUser user) =>
        await (await user.Client.GetAsync("/api/users/blocks/me")).ExpectJsonAsync(HttpStatusCode.OK);

    private Task<long> BlockCountAsync(TestUser? blocker, TestUser blocked) =>
        blocker is null
            ? app.ScalarAsync<long>("SELECT count(*) FROM user_blocks WHERE blocked_id = @blocked", new Npgsql.NpgsqlParameter("blocked", blocked.Id))
            : app.ScalarAsync<long>("SELECT count(*) FROM user_blocks WHERE blocker_id = @blocker AND blocked_id = @blocked",
                new Npgsql.NpgsqlParameter("blocker", blocker.Id), new Npgsql.NpgsqlParameter("blocked", blocked.Id));
}
