using Npgsql;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Blocks;

/// <summary>Blocks racing each other, across both replicas: one row per direction, the friendship gone, never a 500.</summary>
[Collection(AppCollection.Name)]
public sealed class BlockConcurrencyTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Concurrent_blocks_make_one_row_and_all_succeed()
    {
        var blocker = await app.SignupAsync();
        var target = await app.SignupAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            app.ClientFor(blocker, i % SanctumAppFixture.Replicas).PostAsync($"/api/users/{target.Id}/block", null)));

        foreach (var response in responses)
        {
            Assert.Equal("User blocked", (await response.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("message").GetString());
        }
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT count(*) FROM user_blocks WHERE blocker_id = @a AND blocked_id = @b",
            new NpgsqlParameter("a", blocker.Id), new NpgsqlParameter("b", target.Id)));
    }

    [Fact]
    public async Task Two_friends_blocking_each_other_at_once_end_with_two_blocks_and_no_friendship()
    {
        var a = await app.SignupAsync();
        var b = await app.SignupAsync();
        await app.ExecuteSqlAsync("INSERT INTO friendships (requester_id, addressee_id, status) VALUES (@a, @b, 'accepted')",
            new NpgsqlParameter("a", a.Id), new NpgsqlParameter("b", b.Id));

        var responses = await Task.WhenAll(
            app.ClientFor(a, 0).PostAsync($"/api/users/{b.Id}/block", null),
            app.ClientFor(b, 1).PostAsync($"/api/users/{a.Id}/block", null));

        foreach (var response in responses)
        {
            await response.ExpectJsonAsync(HttpStatusCode.OK);
        }
        var pair = new[] { new NpgsqlParameter("a", a.Id), new NpgsqlParameter("b", b.Id) };
        Assert.Equal(2, await app.ScalarAsync<long>(
            "SELECT count(*) FROM user_blocks WHERE (blocker_id = @a AND blocked_id = @b) OR (blocker_id = @b AND blocked_id = @a)",
            pair.Select(p => p.Clone()).ToArray()));
        Assert.Equal(0, await app.ScalarAsync<long>(
            "SELECT count(*) FROM friendships WHERE (requester_id = @a AND addressee_id = @b) OR (requester_id = @b AND addressee_id = @a)",
            pair.Select(p => p.Clone()).ToArray()));
    }
}
