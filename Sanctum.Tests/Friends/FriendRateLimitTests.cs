using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Friends;

/// <summary>The <c>friend_request</c> limit of contract 16.3: 5 per 5 minutes per user; a bad id or a request to
/// yourself spends nothing.</summary>
[Collection(AppCollection.Name)]
public sealed class FriendRateLimitTests(SanctumAppFixture app)
{
    [Fact]
    public async Task The_sixth_request_in_the_window_is_429_and_writes_nothing()
    {
        var sender = await app.SignupAsync("rl");
        var targets = new List<TestUser>();
        for (var i = 0; i < 6; i++)
        {
            targets.Add(await app.SignupAsync("rt"));
        }

        await (await sender.Client.PostAsync("/api/friends/requests/abc", null)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        for (var i = 0; i < 6; i++)
        {
            await (await sender.RequestFriendAsync(sender.Id))
                .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Cannot send friend request to yourself");
        }
        foreach (var target in targets.Take(5))
        {
            await sender.SendRequestAsync(target);
        }
        await (await sender.RequestFriendAsync(targets[5].Id)).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", "rate limit exceeded");

        Assert.Equal(0, await app.PairRowsAsync(sender.Id, targets[5].Id));
        // The limit is the sender's: the last target may still ask them.
        (await targets[5].SendRequestAsync(sender)).AssertFriendship(targets[5].Id, sender.Id, "pending");
    }
}
