using Npgsql;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Friends;

/// <summary>A block and a friend request between the same two users at the same moment (project decision 7).</summary>
[Collection(AppCollection.Name)]
public sealed class FriendBlockRaceTests(SanctumAppFixture app)
{
    [Fact]
    public async Task A_request_racing_a_block_never_leaves_a_friendship_beside_the_block()
    {
        for (var round = 0; round < 8; round++)
        {
            var blocker = await app.SignupAsync("blk");
            var asker = await app.SignupAsync("ask");

            var block = blocker.Client.PostAsync($"/api/users/{asker.Id}/block", null);
            var request = app.CreateClient(1).SendAsync(Authorized(asker, $"/api/friends/requests/{blocker.Id}"));
            var (blocked, requested) = (await block, await request);

            Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
            Assert.Contains(requested.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Forbidden });
            var rows = await app.ScalarAsync<long>(
                "SELECT count(*) FROM friendships WHERE (requester_id = @a AND addressee_id = @b) OR (requester_id = @b AND addressee_id = @a)",
                new NpgsqlParameter("a", blocker.Id), new NpgsqlParameter("b", asker.Id));
            Assert.Equal(0, rows);
        }
    }

    private static HttpRequestMessage Authorized(TestUser user, string path)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, path);
        message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", user.Token);
        return message;
    }
}
