using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Friends;

/// <summary>One row per pair, whatever the direction, even when both users ask at the same moment.</summary>
[Collection(AppCollection.Name)]
public sealed class FriendConcurrencyTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Two_users_asking_each_other_at_once_make_exactly_one_row_and_never_a_500()
    {
        for (var round = 0; round < 10; round++)
        {
            var a = await app.SignupAsync("ca");
            var b = await app.SignupAsync("cb");

            var responses = await Task.WhenAll(a.RequestFriendAsync(b.Id), b.RequestFriendAsync(a.Id));

            Assert.Equal(1, await app.PairRowsAsync(a.Id, b.Id));
            Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Created);
            var refused = Assert.Single(responses, response => response.StatusCode != HttpStatusCode.Created);
            // Whichever insert lost sees the winner's request: a request from the other user.
            await refused.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "You already have a pending friend request from this user");
        }
    }

    [Fact]
    public async Task Two_accepts_at_once_accept_once()
    {
        var a = await app.SignupAsync("ca");
        var b = await app.SignupAsync("cb");
        var request = await a.SendRequestAsync(b);
        var accept = $"/api/friends/requests/{request.GetProperty("id").GetInt64()}/accept";

        var responses = await Task.WhenAll(b.Client.PostAsync(accept, null), b.Client.PostAsync(accept, null));

        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.OK);
        await Assert.Single(responses, response => response.StatusCode != HttpStatusCode.OK)
            .ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "Friend request is not pending");
    }
}
