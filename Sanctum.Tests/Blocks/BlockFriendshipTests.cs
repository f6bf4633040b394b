using Npgsql;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Blocks;

/// <summary>Project decision 7: a block removes any friendship or pending request between the two users, whichever
/// way it points, and touches no other pair. Rows are arranged in SQL (the friends routes are another slice).</summary>
[Collection(AppCollection.Name)]
public sealed class BlockFriendshipTests(SanctumAppFixture app)
{
    public static TheoryData<string, bool> Cases => new()
    {
        { "accepted", true }, { "accepted", false }, { "pending", true }, { "pending", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Block_removes_the_pairs_friendship_or_request_in_either_direction(string status, bool blockerAsked)
    {
        var blocker = await app.SignupAsync();
        var target = await app.SignupAsync();
        var bystander = await app.SignupAsync();
        var (requester, addressee) = blockerAsked ? (blocker, target) : (target, blocker);
        await InsertFriendshipAsync(requester, addressee, status);
        await InsertFriendshipAsync(blocker, bystander, "accepted");
        await InsertFriendshipAsync(bystander, target, "pending");

        await (await blocker.Client.PostAsync($"/api/users/{target.Id}/block", null)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(0, await PairCountAsync(blocker, target));
        Assert.Equal(1, await PairCountAsync(blocker, bystander));
        Assert.Equal(1, await PairCountAsync(bystander, target));
    }

    [Fact]
    public async Task A_repeated_block_still_removes_a_friendship_made_since()
    {
        var blocker = await app.SignupAsync();
        var target = await app.SignupAsync();
        await (await blocker.Client.PostAsync($"/api/users/{target.Id}/block", null)).ExpectJsonAsync(HttpStatusCode.OK);
        await InsertFriendshipAsync(target, blocker, "pending");

        await (await blocker.Client.PostAsync($"/api/users/{target.Id}/block", null)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(0, await PairCountAsync(blocker, target));
    }

    [Fact]
    public async Task Refused_blocks_leave_friendships_alone()
    {
        var user = await app.SignupAsync();
        var friend = await app.SignupAsync();
        await InsertFriendshipAsync(user, friend, "accepted");

        await (await user.Client.PostAsync($"/api/users/{user.Id}/block", null)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await user.Client.PostAsync("/api/users/999999999/block", null)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await user.Client.DeleteAsync($"/api/users/{friend.Id}/block")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, await PairCountAsync(user, friend));
    }

    private Task<int> InsertFriendshipAsync(TestUser requester, TestUser addressee, string status) =>
        app.ExecuteSqlAsync("INSERT INTO friendships (requester_id, addressee_id, status) VALUES (@requester, @addressee, @status)",
            new NpgsqlParameter("requester", requester.Id), new NpgsqlParameter("addressee", addressee.Id), new NpgsqlParameter("status", status));

    private Task<long> PairCountAsync(TestUser a, TestUser b) =>
        app.ScalarAsync<long>(
            "SELECT count(*) FROM friendships WHERE (requester_id = @a AND addressee_id = @b) OR (requester_id = @b AND addressee_id = @a)",
            new NpgsqlParameter("a", a.Id), new NpgsqlParameter("b", b.Id));
}
