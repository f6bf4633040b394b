using Npgsql;
using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Friends;

/// <summary>Arranging friendships through the routes of contract 7.</summary>
public static class FriendSteps
{
    public static Task<HttpResponseMessage> RequestFriendAsync(this TestUser from, long toUserId) =>
        from.Client.PostAsync($"/api/friends/requests/{toUserId}", null);

    /// <summary>A pending request from <paramref name="from"/> to <paramref name="to"/>; returns the Friendship.</summary>
    public static async Task<JsonElement> SendRequestAsync(this TestUser from, TestUser to) =>
        await (await from.RequestFriendAsync(to.Id)).ExpectJsonAsync(HttpStatusCode.Created);

    public static async Task<JsonElement> AcceptAsync(this TestUser addressee, long requestId) =>
        await (await addressee.Client.PostAsync($"/api/friends/requests/{requestId}/accept", null)).ExpectJsonAsync(HttpStatusCode.OK);

    /// <summary>Makes the two users friends (<paramref name="a"/> asked); returns the friendship id.</summary>
    public static async Task<long> BefriendAsync(this TestUser a, TestUser b)
    {
        var request = await a.SendRequestAsync(b);
        await b.AcceptAsync(request.Id());
        return request.Id();
    }

    public static async Task<JsonElement> StatusAsync(this TestUser viewer, long userId) =>
        await (await viewer.Client.GetAsync($"/api/friends/status/{userId}")).ExpectJsonAsync(HttpStatusCode.OK);

    public static async Task<long[]> IdsAsync(this TestUser viewer, string path)
    {
        var list = await (await viewer.Client.GetAsync(path)).ExpectJsonAsync(HttpStatusCode.OK);
        return list.EnumerateArray().Select(item => item.Id()).ToArray();
    }

    /// <summary>Rows between the two users, in either direction.</summary>
    public static Task<long> PairRowsAsync(this SanctumAppFixture app, long a, long b) =>
        app.ScalarAsync<long>(
            "SELECT count(*) FROM friendships WHERE (requester_id = @a AND addressee_id = @b) OR (requester_id = @b AND addressee_id = @a)",
            new NpgsqlParameter("a", a), new NpgsqlParameter("b", b));

    public static Task BlockAsync(this SanctumAppFixture app, TestUser blocker, TestUser blocked) =>
        app.ExecuteSqlAsync("INSERT INTO user_blocks (blocker_id, blocked_id) VALUES (@a, @b)",
            new NpgsqlParameter("a", blocker.Id), new NpgsqlParameter("b", blocked.Id));

    /// <summary>The Friendship object of contract 0.6 plus the original client's names (README, contract notes).</summary>
    public static readonly string[] FriendshipFields =
    [
        "addressee", "addressee_id", "created_at", "id", "receiver", "receiver_id", "request_id", "requester", "requester_id",
        "sender", "sender_id", "status", "updated_at",
    ];

    public static void AssertFriendship(this JsonElement friendship, long requesterId, long addresseeId, string status)
    {
        Assert.Equal(FriendshipFields, friendship.FieldNames());
        Assert.Equal(requesterId, friendship.GetProperty("requester_id").GetInt64());
        Assert.Equal(addresseeId, friendship.GetProperty("addressee_id").GetInt64());
        Assert.Equal(requesterId, friendship.GetProperty("sender_id").GetInt64());
        Assert.Equal(addresseeId, friendship.GetProperty("receiver_id").GetInt64());
        Assert.Equal(friendship.Id(), friendship.GetProperty("request_id").GetInt64());
        Assert.Equal(requesterId, friendship.GetProperty("requester").Id());
        Assert.Equal(addresseeId, friendship.GetProperty("addressee").Id());
        Assert.Equal(requesterId, friendship.GetProperty("sender").Id());
        Assert.Equal(addresseeId, friendship.GetProperty("receiver").Id());
        Assert.Equal(status, friendship.GetProperty("status").GetString());
    }
}
