using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Friends;

/// <summary>Project decision 7: no friend request passes while a block stands in either direction.</summary>
[Collection(AppCollection.Name)]
public sealed class FriendBlockTests(SanctumAppFixture app)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_block_either_way_refuses_a_request_both_ways_with_403(bool requesterBlocked)
    {
        var a = await app.SignupAsync("ba");
        var b = await app.SignupAsync("bb");
        if (requesterBlocked)
        {
            await app.BlockAsync(b, a);
        }
        else
        {
            await app.BlockAsync(a, b);
        }

        await (await a.RequestFriendAsync(b.Id)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Cannot send a friend request to this user");
        await (await b.RequestFriendAsync(a.Id)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Cannot send a friend request to this user");
        Assert.Equal(0, await app.PairRowsAsync(a.Id, b.Id));
    }
}
