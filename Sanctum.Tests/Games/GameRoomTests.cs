using Npgsql;
using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Games;

/// <summary>Game rooms over REST (contract 11): create or reuse, the active list and its stale cleanup, get, leave, stats.</summary>
[Collection(AppCollection.Name)]
public sealed class GameRoomTests(SanctumAppFixture app)
{
    [Fact]
    public async Task A_new_room_is_201_pending_with_json_strings_and_zero_users()
    {
        var creator = await app.SignupAsync("gc");
        var type = GameSteps.UniqueType();

        var response = await creator.PostRoomAsync(type);
        var room = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal(GameSteps.PendingRoomFields, room.FieldNames());
        Assert.Equal($"/api/games/rooms/{room.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal(type, room.GetProperty("type").GetString());
        Assert.Equal("pending", room.GetProperty("status").GetString());
        Assert.Equal(creator.Id, room.GetProperty("creator_id").GetInt64());
        Assert.Equal(JsonValueKind.String, room.GetProperty("configuration").ValueKind);
        Assert.Equal("{}", room.GetProperty("configuration").GetString());
        Assert.Equal("{}", room.GetProperty("current_state").GetString());
        Assert.Equal(0, room.GetProperty("next_turn_id").GetInt64());
        Assert.False(room.GetProperty("is_draw").GetBoolean());
        Assert.Equal(creator.Id, room.GetProperty("creator").Id());
        Assert.Equal(creator.Username, room.GetProperty("creator").GetProperty("username").GetString());
        room.GetProperty("opponent").AssertZeroUser();
        room.GetProperty("winner").AssertZeroUser();
    }

    [Fact]
    public async Task The_callers_pending_room_of_a_type_is_reused_with_200_and_another_type_gets_a_new_room()
    {
        var creator = await app.SignupAsync("gr");
        var type = GameSteps.UniqueType();
        var first = await creator.CreateRoomAsync(type);

        var again = await (await creator.PostRoomAsync(type)).ExpectJsonAsync(HttpStatusCode.OK);
        var other = await creator.CreateRoomAsync(GameSteps.UniqueType());
        var someoneElse = await (await app.SignupAsync("gs")).CreateRoomAsync(type);

        Assert.Equal(first.Id(), again.Id());
        Assert.Equal(creator.Id, again.GetProperty("creator").Id());
        Assert.NotEqual(first.Id(), other.Id());
        Assert.NotEqual(first.Id(), someoneElse.Id());
    }

    [Fact]
    public async Task Any_type_even_empty_makes_a_room_but_a_type_beyond_50_characters_or_a_bad_body_is_400()
    {
        var creator = await app.SignupAsync("gt");

        var empty = await (await creator.PostRoomAsync("")).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("", empty.GetProperty("type").GetString());
        await (await creator.PostRoomAsync(new string('a', 51))).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await creator.PostRoomAsync("a\0b")).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await creator.Client.PostAsync("/api/games/rooms", HttpAssertions.Json("{not json")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var fifty = await (await creator.PostRoomAsync(new string('b', 50))).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(50, fifty.GetProperty("type").GetString()!.Length);
    }

    [Fact]
    public async Task Concurrent_creates_by_one_user_make_one_room()
    {
        var creator = await app.SignupAsync("gx");
        var type = GameSteps.UniqueType();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => creator.PostRoomAsync(type)));
        var ids = new List<long>();
        foreach (var response in responses)
        {
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, response.StatusCode.ToString());
            ids.Add((await response.ReadJsonAsync()).Id());
        }

        Assert.Single(ids.Distinct());
        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Created);
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT count(*) FROM game_rooms WHERE creator_id = @id AND type = @type",
            new NpgsqlParameter("id", creator.Id), new NpgsqlParameter("type", type)));
    }

    [Fact]
    public async Task A_stale_own_pending_room_is_cancelled_and_a_new_one_created()
    {
        var creator = await app.SignupAsync("gz");
        var type = GameSteps.UniqueType();
        var old = await creator.CreateRoomAsync(type);
        await app.AgeRoomAsync(old.Id(), 11);

        var fresh = await creator.CreateRoomAsync(type);

        Assert.NotEqual(old.Id(), fresh.Id());
        Assert.Equal("cancelled", await app.StatusOfAsync(old.Id()));
        Assert.Equal("pending", await app.StatusOfAsync(fresh.Id()));
    }

    [Fact]
    public async Task The_active_list_shows_pending_rooms_of_the_type_with_their_creator_and_cancels_stale_ones()
    {
        var viewer = await app.SignupAsync("gv");
        var type = GameSteps.UniqueType();
        var a = await (await app.SignupAsync("ga")).CreateRoomAsync(type);
        var b = await (await app.SignupAsync("gb")).CreateRoomAsync(type);
        var stale = await (await app.SignupAsync("gs")).CreateRoomAsync(type);
        var started = await (await app.SignupAsync("gp")).CreateRoomAsync(type);
        var otherType = await (await app.SignupAsync("go")).CreateRoomAsync(GameSteps.UniqueType());
        await app.AgeRoomAsync(stale.Id(), 11);
        await app.AgeRoomAsync(a.Id(), 9);
        await app.ActivateAsync(started.Id(), viewer.Id);

        var list = await (await viewer.Client.GetAsync($"/api/games/rooms/active?type={type}")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal([b.Id(), a.Id()], list.EnumerateArray().Select(room => room.Id()).ToArray());
        foreach (var room in list.EnumerateArray())
        {
            Assert.Equal(room.GetProperty("creator_id").GetInt64(), room.GetProperty("creator").Id());
            Assert.NotEqual(0, room.GetProperty("creator").Id());
            Assert.Equal("pending", room.GetProperty("status").GetString());
        }

        Assert.Equal("cancelled", await app.StatusOfAsync(stale.Id()));
        Assert.Equal("active", await app.StatusOfAsync(started.Id()));
        Assert.DoesNotContain(otherType.Id(), await viewer.ActiveIdsAsync(type));
    }

    [Fact]
    public async Task The_active_list_pages_with_limit_and_offset()
    {
        var viewer = await app.SignupAsync("gl");
        var type = GameSteps.UniqueType();
        for (var i = 0; i < 3; i++)
        {
            await (await app.SignupAsync("gl")).CreateRoomAsync(type);
        }

        var all = await viewer.ActiveIdsAsync(type);
        var page = (await (await viewer.Client.GetAsync($"/api/games/rooms/active?type={type}&limit=1&offset=1"))
            .ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(room => room.Id()).ToArray();

        Assert.Equal(3, all.Length);
        Assert.Equal([all[1]], page);
    }

    [Fact]
    public async Task Any_user_reads_a_room_with_creator_and_opponent_and_a_missing_room_is_404()
    {
        var creator = await app.SignupAsync("gg");
        var opponent = await app.SignupAsync("gg");
        var reader = await app.SignupAsync("gg");
        var room = await creator.CreateRoomAsync("connect4");
        await app.ActivateAsync(room.Id(), opponent.Id);

        var read = await reader.GetRoomAsync(room.Id());

        Assert.Equal("active", read.GetProperty("status").GetString());
        Assert.Equal(creator.Id, read.GetProperty("creator").Id());
        Assert.Equal(opponent.Id, read.GetProperty("opponent").Id());
        Assert.Equal(opponent.Id, read.GetProperty("opponent_id").GetInt64());
        Assert.Equal(creator.Id, read.GetProperty("next_turn_id").GetInt64());
        read.GetProperty("winner").AssertZeroUser();
        Assert.Equal("", read.GetProperty("creator").GetProperty("email").GetString());

        const long missing = 900_000_000_001;
        await (await reader.Client.GetAsync($"/api/games/rooms/{missing}"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"GameRoom with ID {missing} not found");
        await (await reader.Client.GetAsync("/api/games/rooms/0")).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task The_creator_leaves_a_pending_room_once_and_then_it_is_already_closed()
    {
        var creator = await app.SignupAsync("gq");
        var room = await creator.CreateRoomAsync(GameSteps.UniqueType());

        var closed = await (await creator.LeaveAsync(room.Id())).ExpectJsonAsync(HttpStatusCode.OK);
        var again = await (await creator.LeaveAsync(room.Id())).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(["message", "status"], closed.FieldNames());
        Assert.Equal("Room closed", closed.GetProperty("message").GetString());
        Assert.Equal("cancelled", closed.GetProperty("status").GetString());
        Assert.Equal("Room already closed", again.GetProperty("message").GetString());
        Assert.Equal("cancelled", again.GetProperty("status").GetString());
        Assert.Equal("cancelled", await app.StatusOfAsync(room.Id()));
    }

    [Fact]
    public async Task The_opponent_leaves_an_active_room_which_is_cancelled_without_players_or_turn()
    {
        var creator = await app.SignupAsync("gw");
        var opponent = await app.SignupAsync("gw");
        var room = await creator.CreateRoomAsync("tictactoe");
        await app.ActivateAsync(room.Id(), opponent.Id);

        var closed = await (await opponent.LeaveAsync(room.Id())).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Room closed", closed.GetProperty("message").GetString());
        var read = await creator.GetRoomAsync(room.Id());
        Assert.Equal("cancelled", read.GetProperty("status").GetString());
        Assert.False(read.TryGetProperty("opponent_id", out _));
        Assert.False(read.TryGetProperty("winner_id", out _));
        Assert.Equal(0, read.GetProperty("next_turn_id").GetInt64());
        read.GetProperty("opponent").AssertZeroUser();
    }

    [Fact]
    public async Task An_outsider_may_not_leave_and_a_missing_room_is_404()
    {
        var creator = await app.SignupAsync("gf");
        var outsider = await app.SignupAsync("gf");
        var room = await creator.CreateRoomAsync(GameSteps.UniqueType());

        await (await outsider.LeaveAsync(room.Id())).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Not a participant in this room");
        Assert.Equal("pending", await app.StatusOfAsync(room.Id()));
        await (await outsider.LeaveAsync(900_000_000_002)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND",
            "GameRoom with ID 900000000002 not found");
    }

    [Fact]
    public async Task A_finished_room_is_left_untouched()
    {
        var creator = await app.SignupAsync("gn");
        var opponent = await app.SignupAsync("gn");
        var room = await creator.CreateRoomAsync("connect4");
        await app.ActivateAsync(room.Id(), opponent.Id);
        await app.ExecuteSqlAsync("UPDATE game_rooms SET status = 'finished', winner_id = creator_id WHERE id = @id",
            new NpgsqlParameter("id", room.Id()));

        var left = await (await opponent.LeaveAsync(room.Id())).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Room already closed", left.GetProperty("message").GetString());
        Assert.Equal("finished", left.GetProperty("status").GetString());
        var read = await creator.GetRoomAsync(room.Id());
        Assert.Equal(creator.Id, read.GetProperty("winner_id").GetInt64());
        Assert.Equal(creator.Id, read.GetProperty("winner").Id());
    }

    [Fact]
    public async Task Stats_are_zeros_for_a_new_player_and_the_row_is_created()
    {
        var player = await app.SignupAsync("gk");

        var stats = await (await player.Client.GetAsync("/api/games/stats/connect4")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(["draws", "game_type", "id", "losses", "points", "total_games", "user_id", "wins"], stats.FieldNames());
        Assert.Equal(player.Id, stats.GetProperty("user_id").GetInt64());
        Assert.Equal("connect4", stats.GetProperty("game_type").GetString());
        foreach (var field in new[] { "wins", "losses", "draws", "total_games", "points" })
        {
            Assert.Equal(0, stats.GetProperty(field).GetInt32());
        }

        Assert.NotEqual(0, stats.Id());
        var again = await (await player.Client.GetAsync("/api/games/stats/connect4")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(stats.Id(), again.Id());
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT count(*) FROM game_stats WHERE user_id = @id",
            new NpgsqlParameter("id", player.Id)));
        await (await player.Client.GetAsync($"/api/games/stats/{new string('s', 51)}"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task Game_routes_need_a_signed_in_caller()
    {
        using var anonymous = app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/games/rooms/active")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/games/rooms", new { type = "connect4" })).StatusCode);
    }
}
