using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Friends;

/// <summary>Sending, accepting, rejecting and cancelling friend requests (contract 7, business rule 8).</summary>
[Collection(AppCollection.Name)]
public sealed class FriendRequestTests(SanctumAppFixture app)
{
    [Fact]
    public async Task A_request_is_201_with_both_users_in_the_viewers_form()
    {
        var a = await app.SignupAsync("fa");
        var b = await app.SignupAsync("fb");

        var friendship = await a.SendRequestAsync(b);

        friendship.AssertFriendship(a.Id, b.Id, "pending");
        friendship.GetProperty("requester").AssertFullForm(a, banned: false);
        friendship.GetProperty("addressee").AssertPublicForm(b);
        friendship.GetProperty("created_at").UtcTimestamp();
        Assert.Equal(1, await app.PairRowsAsync(a.Id, b.Id));
    }

    [Fact]
    public async Task Self_duplicate_reverse_already_friends_and_missing_user_are_refused()
    {
        var a = await app.SignupAsync("fa");
        var b = await app.SignupAsync("fb");
        var c = await app.SignupAsync("fc");

        await (await a.RequestFriendAsync(a.Id)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Cannot send friend request to yourself");
        await (await a.RequestFriendAsync(long.MaxValue)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"User with ID {long.MaxValue} not found");

        var request = await a.SendRequestAsync(b);
        await (await a.RequestFriendAsync(b.Id)).ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "Friend request already sent");
        await (await b.RequestFriendAsync(a.Id)).ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "You already have a pending friend request from this user");

        await b.AcceptAsync(request.Id());
        await (await a.RequestFriendAsync(b.Id)).ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "You are already friends");
        await (await b.RequestFriendAsync(a.Id)).ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "You are already friends");
        Assert.Equal(1, await app.PairRowsAsync(a.Id, b.Id));
        Assert.Equal(0, await app.PairRowsAsync(a.Id, c.Id));
    }

    [Fact]
    public async Task Only_the_addressee_accepts_and_only_once()
    {
        var a = await app.SignupAsync("fa");
        var b = await app.SignupAsync("fb");
        var stranger = await app.SignupAsync("fs");
        var admin = await app.CreateAdminAsync();
        var request = await a.SendRequestAsync(b);
        var accept = $"/api/friends/requests/{request.Id()}/accept";

        await (await app.CreateClient().PostAsync(accept, null)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await a.Client.PostAsync(accept, null)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You can only accept friend requests sent to you");
        await (await stranger.Client.PostAsync(accept, null)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You can only accept friend requests sent to you");
        // A platform admin has no say in other people's friendships.
        await (await admin.Client.PostAsync(accept, null)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You can only accept friend requests sent to you");
        await (await admin.Client.PostAsync($"/api/friends/requests/{request.Id()}/reject", null))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You can only reject or cancel your own pending requests");

        var accepted = await b.AcceptAsync(request.Id());
        accepted.AssertFriendship(a.Id, b.Id, "accepted");
        accepted.GetProperty("addressee").AssertFullForm(b, banned: false);
        accepted.GetProperty("requester").AssertPublicForm(a);

        await (await b.Client.PostAsync(accept, null)).ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "Friend request is not pending");
        await (await b.Client.PostAsync($"/api/friends/requests/{request.Id()}/reject", null))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "Friend request is not pending");
        await (await b.Client.PostAsync("/api/friends/requests/9223372036854775807/accept", null))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Friendship with ID 9223372036854775807 not found");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reject_by_the_addressee_or_cancel_by_the_requester_is_204_then_404(bool cancel)
    {
        var a = await app.SignupAsync("fa");
        var b = await app.SignupAsync("fb");
        var stranger = await app.SignupAsync("fs");
        var request = await a.SendRequestAsync(b);
        var reject = $"/api/friends/requests/{request.Id()}/reject";
        var actor = cancel ? a : b;

        await (await app.CreateClient().PostAsync(reject, null)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await stranger.Client.PostAsync(reject, null))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You can only reject or cancel your own pending requests");

        var response = await actor.Client.PostAsync(reject, null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(0, await app.PairRowsAsync(a.Id, b.Id));

        await (await actor.Client.PostAsync(reject, null))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Friendship with ID {request.Id()} not found");
        await (await b.Client.PostAsync($"/api/friends/requests/{request.Id()}/accept", null))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Friendship with ID {request.Id()} not found");
        // The pair may start again, from either side.
        (await b.SendRequestAsync(a)).AssertFriendship(b.Id, a.Id, "pending");
    }

    public static TheoryData<string, string> IdRoutes => new()
    {
        { "POST", "/api/friends/requests/{0}" },
        { "POST", "/api/friends/requests/{0}/accept" },
        { "POST", "/api/friends/requests/{0}/reject" },
        { "GET", "/api/friends/status/{0}" },
        { "DELETE", "/api/friends/{0}" },
    };

    [Theory]
    [MemberData(nameof(IdRoutes))]
    public async Task Ids_that_are_not_positive_int64_are_400_and_nothing_is_written(string method, string route)
    {
        var a = await app.SignupAsync("fa");
        foreach (var id in new[] { "abc", "0", "-1", "9223372036854775808", "1.5" })
        {
            var response = await a.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), string.Format(route, id)));
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        }
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT count(*) FROM friendships WHERE requester_id = @a OR addressee_id = @a",
            new Npgsql.NpgsqlParameter("a", a.Id)));
    }

    public static TheoryData<string, string> AllRoutes => new()
    {
        { "GET", "/api/friends" },
        { "POST", "/api/friends/requests/1" },
        { "GET", "/api/friends/requests" },
        { "GET", "/api/friends/requests/sent" },
        { "POST", "/api/friends/requests/1/accept" },
        { "POST", "/api/friends/requests/1/reject" },
        { "GET", "/api/friends/status/1" },
        { "DELETE", "/api/friends/1" },
    };

    [Theory]
    [MemberData(nameof(AllRoutes))]
    public async Task Every_route_is_401_for_anonymous_callers(string method, string route)
    {
        var response = await app.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), route));
        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
