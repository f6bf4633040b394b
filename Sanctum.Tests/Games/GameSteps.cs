using Npgsql;
using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Games;

/// <summary>Arranging game rooms through the routes of contract 11, and through SQL where no route reaches.</summary>
public static class GameSteps
{
    /// <summary>A game type no other test uses, so lists filtered by it hold only this test's rooms.</summary>
    public static string UniqueType() => TestData.Slug("g");

    public static Task<HttpResponseMessage> PostRoomAsync(this TestUser user, string? type) =>
        user.Client.PostAsJsonAsync("/api/games/rooms", new { type });

    public static async Task<JsonElement> CreateRoomAsync(this TestUser user, string type) =>
        await (await user.PostRoomAsync(type)).ExpectJsonAsync(HttpStatusCode.Created);

    public static async Task<JsonElement> GetRoomAsync(this TestUser user, long roomId) =>
        await (await user.Client.GetAsync($"/api/games/rooms/{roomId}")).ExpectJsonAsync(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> LeaveAsync(this TestUser user, long roomId) =>
        user.Client.PostAsync($"/api/games/rooms/{roomId}/leave", null);

    public static async Task<long[]> ActiveIdsAsync(this TestUser user, string type) =>
        (await (await user.Client.GetAsync($"/api/games/rooms/active?type={type}")).ExpectJsonAsync(HttpStatusCode.OK))
        .EnumerateArray().Select(room => room.Id()).ToArray();

    /// <summary>Moves the room's updated_at back by <paramref name="minutes"/> minutes.</summary>
    public static Task AgeRoomAsync(this SanctumAppFixture app, long roomId, int minutes) =>
        app.ExecuteSqlAsync("UPDATE game_rooms SET updated_at = NOW() - make_interval(mins => @minutes) WHERE id = @id",
            new NpgsqlParameter("minutes", minutes), new NpgsqlParameter("id", roomId));

    /// <summary>Makes the room active with <paramref name="opponentId"/>, as a join over the socket would.</summary>
    public static Task ActivateAsync(this SanctumAppFixture app, long roomId, long opponentId) =>
        app.ExecuteSqlAsync(
            "UPDATE game_rooms SET status = 'active', opponent_id = @opponent, next_turn_id = creator_id WHERE id = @id",
            new NpgsqlParameter("opponent", opponentId), new NpgsqlParameter("id", roomId));

    public static Task<string> StatusOfAsync(this SanctumAppFixture app, long roomId) =>
        app.ScalarAsync<string>("SELECT status FROM game_rooms WHERE id = @id", new NpgsqlParameter("id", roomId));

    /// <summary>The GameRoom object of contract 0.6 with opponent_id and winner_id null (omitted).</summary>
    public static readonly string[] PendingRoomFields =
    [
        "configuration", "created_at", "creator", "creator_id", "current_state", "id", "is_draw", "next_turn_id", "opponent",
        "status", "type", "updated_at", "winner",
    ];

    /// <summary>The zero User of contract 0.6: id 0, empty strings, zero times.</summary>
    public static void AssertZeroUser(this JsonElement user)
    {
        Assert.Equal(0, user.Id());
        Assert.Equal("", user.GetProperty("username").GetString());
        Assert.Equal("", user.GetProperty("email").GetString());
        Assert.Equal("", user.GetProperty("bio").GetString());
        Assert.Equal("", user.GetProperty("avatar").GetString());
        Assert.False(user.GetProperty("is_admin").GetBoolean());
        Assert.Equal("0001-01-01T00:00:00Z", user.GetProperty("created_at").GetString());
        Assert.Equal("0001-01-01T00:00:00Z", user.GetProperty("updated_at").GetString());
    }
}
