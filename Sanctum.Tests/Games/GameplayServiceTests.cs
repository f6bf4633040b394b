using System.Collections.Concurrent;
using Dapper;
using Npgsql;
using Sanctum.Api.Features.Games;
using Sanctum.Api.Infrastructure.Events;
using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Games;

/// <summary>
/// The rules of play (contract 11) through <see cref="GameService"/> itself, on the app's database: joins, moves, wins,
/// draws, stats, refusals and the move race. The service here is built in the test process on the same database (rooms
/// are made and stats read through the app's routes) with a recorder for the events it raises; the game socket's own
/// tests cover the same flows over the wire between replicas.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class GameplayServiceTests
{
    private readonly SanctumAppFixture _app;
    private readonly RecordingEvents _events = new();
    private readonly GameService _games;

    public GameplayServiceTests(SanctumAppFixture app)
    {
        _app = app;
        DefaultTypeMap.MatchNamesWithUnderscores = true; // as the app sets it at startup
        _games = new GameService(new GameStore(app.Database), _events);
    }

    private static readonly CancellationToken None = CancellationToken.None;

    private static JsonElement Column(int column) => JsonDocument.Parse($$"""{"column":{{column}}}""").RootElement.Clone();

    private static JsonElement Cell(int x, int y) => JsonDocument.Parse($$"""{"x":{{x}},"y":{{y}}}""").RootElement.Clone();

    private async Task<(TestUser Creator, TestUser Opponent, long RoomId)> StartedAsync(string type)
    {
        var creator = await _app.SignupAsync("pc");
        var opponent = await _app.SignupAsync("po");
        var room = await creator.CreateRoomAsync(type);
        var joined = await _games.JoinAsync(opponent.Id, room.Id(), None);
        Assert.Null(joined.Error);
        return (creator, opponent, room.Id());
    }

    private async Task<GameStatePayload> MoveAsync(long userId, long roomId, JsonElement move)
    {
        var result = await _games.MoveAsync(userId, roomId, move, None);
        Assert.True(result.Error is null, result.Error?.Message);
        return result.Value!;
    }

    private async Task ExpectRefusedAsync(long userId, long roomId, JsonElement move, string message)
    {
        var before = await MovesAsync(roomId);
        var result = await _games.MoveAsync(userId, roomId, move, None);
        Assert.Equal(message, result.Error?.Message);
        Assert.Equal(before, await MovesAsync(roomId));
    }

    private Task<long> MovesAsync(long roomId) =>
        _app.ScalarAsync<long>("SELECT count(*) FROM game_moves WHERE game_room_id = @id", new NpgsqlParameter("id", roomId));

    private static async Task<JsonElement> StatsAsync(TestUser user, string type) =>
        await (await user.Client.GetAsync($"/api/games/stats/{type}")).ExpectJsonAsync(HttpStatusCode.OK);

    private static void AssertStats(JsonElement stats, int wins, int losses, int draws, int total, int points)
    {
        Assert.Equal(wins, stats.GetProperty("wins").GetInt32());
        Assert.Equal(losses, stats.GetProperty("losses").GetInt32());
        Assert.Equal(draws, stats.GetProperty("draws").GetInt32());
        Assert.Equal(total, stats.GetProperty("total_games").GetInt32());
        Assert.Equal(points, stats.GetProperty("points").GetInt32());
    }

    [Fact]
    public async Task Joining_starts_the_game_with_the_creator_first_and_every_wrong_join_is_refused()
    {
        var creator = await _app.SignupAsync("jc");
        var opponent = await _app.SignupAsync("jo");
        var third = await _app.SignupAsync("jt");
        var room = await creator.CreateRoomAsync("connect4");

        Assert.Equal("Game room not found", (await _games.JoinAsync(opponent.Id, 900_000_000_003, None)).Error?.Message);
        Assert.Equal("You are the creator", (await _games.JoinAsync(creator.Id, room.Id(), None)).Error?.Message);
        var joined = await _games.JoinAsync(opponent.Id, room.Id(), None);
        Assert.Equal("Game already started or finished", (await _games.JoinAsync(third.Id, room.Id(), None)).Error?.Message);
        Assert.Equal("Game already started or finished", (await _games.JoinAsync(opponent.Id, room.Id(), None)).Error?.Message);

        var started = joined.Value!;
        Assert.Equal("active", started.Status);
        Assert.Equal(creator.Id, started.NextTurn);
        Assert.Equal(creator.Id, started.CreatorId);
        Assert.Equal(opponent.Id, started.OpponentId);
        Assert.Equal(room.Id(), started.RoomId);
        Assert.Equal(GameRules.Serialize(GameRules.NewBoard("connect4")!), started.CurrentState);
        var read = await third.GetRoomAsync(room.Id());
        Assert.Equal("active", read.GetProperty("status").GetString());
        Assert.Equal(opponent.Id, read.GetProperty("opponent").Id());
        Assert.Equal(creator.Id, read.GetProperty("next_turn_id").GetInt64());
        Assert.Equal(6, JsonDocument.Parse(read.GetProperty("current_state").GetString()!).RootElement.GetArrayLength());
        var raised = Assert.Single(_events.For(room.Id()));
        Assert.Equal("game_started", raised.Type);
        Assert.Equal(SocketKind.Game, raised.Socket);
        Assert.Equal(EventAudience.Room(room.Id()), raised.Audience);
    }

    [Fact]
    public async Task A_joiner_is_refused_when_the_creator_no_longer_exists()
    {
        var creator = await _app.SignupAsync("jd");
        var opponent = await _app.SignupAsync("jd");
        var room = await creator.CreateRoomAsync("tictactoe");
        await _app.ExecuteSqlAsync("UPDATE users SET deleted_at = NOW() WHERE id = @id", new NpgsqlParameter("id", creator.Id));

        Assert.Equal("Game creator no longer exists", (await _games.JoinAsync(opponent.Id, room.Id(), None)).Error?.Message);
        Assert.Equal("pending", await _app.StatusOfAsync(room.Id()));
    }

    [Fact]
    public async Task A_connect_four_game_to_a_win_stores_every_move_and_scores_15_points()
    {
        var (creator, opponent, roomId) = await StartedAsync("connect4");
        int[] columns = [0, 6, 1, 6, 2, 5];
        for (var i = 0; i < columns.Length; i++)
        {
            var state = await MoveAsync(i % 2 == 0 ? creator.Id : opponent.Id, roomId, Column(columns[i]));
            Assert.Equal("active", state.Status);
            Assert.Equal(i % 2 == 0 ? opponent.Id : creator.Id, state.NextTurn);
        }

        var last = await MoveAsync(creator.Id, roomId, Column(3));

        Assert.Equal("finished", last.Status);
        Assert.Equal(creator.Id, last.WinnerId);
        Assert.False(last.IsDraw);
        Assert.Equal(creator.Id, last.NextTurn);
        Assert.Equal(new[] { "X", "X", "X", "X", "", "O", "O" }, last.Board[5]);
        Assert.Equal(7, await MovesAsync(roomId));
        Assert.Equal(28, await _app.ScalarAsync<long>(
            "SELECT sum(move_number) FROM game_moves WHERE game_room_id = @id", new NpgsqlParameter("id", roomId)));
        Assert.Equal("{\"column\": 3}", await _app.ScalarAsync<string>(
            "SELECT move_data::text FROM game_moves WHERE game_room_id = @id AND move_number = 7", new NpgsqlParameter("id", roomId)));
        var read = await creator.GetRoomAsync(roomId);
        Assert.Equal("finished", read.GetProperty("status").GetString());
        Assert.Equal(creator.Id, read.GetProperty("winner_id").GetInt64());
        Assert.Equal(creator.Id, read.GetProperty("next_turn_id").GetInt64());
        AssertStats(await StatsAsync(creator, "connect4"), wins: 1, losses: 0, draws: 0, total: 1, points: 15);
        AssertStats(await StatsAsync(opponent, "connect4"), wins: 0, losses: 1, draws: 0, total: 1, points: 0);
        Assert.Equal(7, _events.For(roomId).Count(e => e.Type == "game_state"));
        Assert.All(_events.For(roomId).Where(e => e.Type == "game_state"), e => Assert.Equal(roomId, e.RoomId));

        await ExpectRefusedAsync(opponent.Id, roomId, Column(4), "Not your turn");
        await ExpectRefusedAsync(creator.Id, roomId, Column(4), "Not your turn");
        var current = await _games.CurrentStateAsync(roomId, None);
        Assert.Equal("finished", current!.Status);
        Assert.Equal(creator.Id, current.WinnerId);
    }

    [Fact]
    public async Task A_tic_tac_toe_draw_gives_both_players_a_draw_and_no_points()
    {
        var (creator, opponent, roomId) = await StartedAsync("tictactoe");
        (int X, int Y)[] cells = [(0, 0), (0, 1), (0, 2), (1, 1), (1, 0), (1, 2), (2, 1), (2, 0), (2, 2)];
        GameStatePayload? last = null;
        for (var i = 0; i < cells.Length; i++)
        {
            last = await MoveAsync(i % 2 == 0 ? creator.Id : opponent.Id, roomId, Cell(cells[i].X, cells[i].Y));
        }

        Assert.Equal("finished", last!.Status);
        Assert.True(last.IsDraw);
        Assert.Null(last.WinnerId);
        AssertStats(await StatsAsync(creator, "tictactoe"), wins: 0, losses: 0, draws: 1, total: 1, points: 0);
        AssertStats(await StatsAsync(opponent, "tictactoe"), wins: 0, losses: 0, draws: 1, total: 1, points: 0);
        var read = await creator.GetRoomAsync(roomId);
        Assert.True(read.GetProperty("is_draw").GetBoolean());
        Assert.False(read.TryGetProperty("winner_id", out _));
    }

    [Fact]
    public async Task An_opponent_win_at_tic_tac_toe_scores_10_points()
    {
        var (creator, opponent, roomId) = await StartedAsync("tictactoe");
        (int X, int Y)[] cells = [(0, 0), (0, 2), (0, 1), (1, 1), (2, 2), (2, 0)];
        GameStatePayload? last = null;
        for (var i = 0; i < cells.Length; i++)
        {
            last = await MoveAsync(i % 2 == 0 ? creator.Id : opponent.Id, roomId, Cell(cells[i].X, cells[i].Y));
        }

        Assert.Equal(opponent.Id, last!.WinnerId);
        Assert.Equal(opponent.Id, last.NextTurn);
        AssertStats(await StatsAsync(opponent, "tictactoe"), wins: 1, losses: 0, draws: 0, total: 1, points: 10);
        AssertStats(await StatsAsync(creator, "tictactoe"), wins: 0, losses: 1, draws: 0, total: 1, points: 0);
    }

    [Fact]
    public async Task Out_of_turn_out_of_range_occupied_full_column_and_malformed_moves_store_nothing()
    {
        var (creator, opponent, c4) = await StartedAsync("connect4");
        var outsider = await _app.SignupAsync("px");
        await ExpectRefusedAsync(opponent.Id, c4, Column(0), "Not your turn");
        await ExpectRefusedAsync(outsider.Id, c4, Column(0), "Not your turn");
        await ExpectRefusedAsync(creator.Id, c4, Column(7), "Invalid move location or column full");
        await ExpectRefusedAsync(creator.Id, c4, JsonDocument.Parse("""{"column":"1"}""").RootElement, "Invalid move format");
        for (var i = 0; i < 6; i++)
        {
            await MoveAsync(i % 2 == 0 ? creator.Id : opponent.Id, c4, Column(2));
        }

        await ExpectRefusedAsync(creator.Id, c4, Column(2), "Column is full");
        await MoveAsync(creator.Id, c4, Column(3)); // the refusals did not pass the turn

        var (tCreator, _, ttt) = await StartedAsync("tictactoe");
        await ExpectRefusedAsync(tCreator.Id, ttt, Cell(3, 0), "Invalid move location");
        await MoveAsync(tCreator.Id, ttt, Cell(1, 1));
        var read = await tCreator.GetRoomAsync(ttt);
        await ExpectRefusedAsync(read.GetProperty("opponent_id").GetInt64(), ttt, Cell(1, 1), "Invalid move location");
        await ExpectRefusedAsync(tCreator.Id, 900_000_000_004, Cell(0, 0), "Game room not found");
    }

    [Fact]
    public async Task Of_fifty_moves_on_one_turn_exactly_one_lands()
    {
        var (creator, opponent, roomId) = await StartedAsync("connect4");

        // All 50 are the creator's (the player whose turn it is), in every column: without the row lock several would land.
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => _games.MoveAsync(creator.Id, roomId, Column(i % 7), None))));

        Assert.Single(results, result => result.Error is null);
        Assert.All(results.Where(result => result.Error is not null), result => Assert.Equal("Not your turn", result.Error!.Message));
        Assert.Equal(1, await MovesAsync(roomId));
        var read = await creator.GetRoomAsync(roomId);
        Assert.Equal(opponent.Id, read.GetProperty("next_turn_id").GetInt64());
        var board = JsonDocument.Parse(read.GetProperty("current_state").GetString()!).RootElement;
        Assert.Equal(1, board.EnumerateArray().SelectMany(row => row.EnumerateArray()).Count(cell => cell.GetString() == "X"));
    }

    [Fact]
    public async Task A_cancelled_game_changes_no_stats_and_takes_no_moves()
    {
        var (creator, opponent, roomId) = await StartedAsync("connect4");
        await MoveAsync(creator.Id, roomId, Column(0));

        await (await opponent.LeaveAsync(roomId)).ExpectJsonAsync(HttpStatusCode.OK);

        await ExpectRefusedAsync(opponent.Id, roomId, Column(1), "Not your turn");
        AssertStats(await StatsAsync(creator, "connect4"), 0, 0, 0, 0, 0);
        AssertStats(await StatsAsync(opponent, "connect4"), 0, 0, 0, 0, 0);
    }

    [Fact]
    public async Task An_abandoned_active_game_is_cancelled_without_stats_and_only_the_creator_cancels_a_pending_room()
    {
        var (creator, opponent, roomId) = await StartedAsync("tictactoe");
        Assert.True(await _games.AbandonIfEmptyAsync(roomId, [creator.Id, opponent.Id], None));
        Assert.False(await _games.AbandonIfEmptyAsync(roomId, [creator.Id, opponent.Id], None));
        Assert.Equal("cancelled", await _app.StatusOfAsync(roomId));
        AssertStats(await StatsAsync(creator, "tictactoe"), 0, 0, 0, 0, 0);
        Assert.Single(_events.For(roomId), e => e.Type == "game_cancelled");

        var pending = await creator.CreateRoomAsync("tictactoe");
        Assert.Null(await _games.CurrentStateAsync(pending.Id(), None));
        await _games.CreatorLeftAsync(opponent.Id, pending.Id(), None);
        Assert.Equal("pending", await _app.StatusOfAsync(pending.Id()));
        await _games.CreatorLeftAsync(creator.Id, pending.Id(), None);
        Assert.Equal("cancelled", await _app.StatusOfAsync(pending.Id()));
        Assert.Single(_events.For(pending.Id()), e => e.Type == "game_cancelled");
    }

    [Fact]
    public async Task A_game_without_board_logic_starts_with_an_empty_state_and_refuses_moves()
    {
        var (creator, _, roomId) = await StartedAsync(GameSteps.UniqueType());

        var read = await creator.GetRoomAsync(roomId);
        Assert.Equal("active", read.GetProperty("status").GetString());
        Assert.Equal("{}", read.GetProperty("current_state").GetString());
        await ExpectRefusedAsync(creator.Id, roomId, Column(0), "Invalid move format");
        Assert.Null(await _games.CurrentStateAsync(roomId, None));
    }

    [Fact]
    public async Task The_current_state_of_an_active_room_is_its_board_and_turn()
    {
        var (creator, opponent, roomId) = await StartedAsync("connect4");
        await MoveAsync(creator.Id, roomId, Column(4));

        var state = await _games.CurrentStateAsync(roomId, None);

        Assert.Equal("active", state!.Status);
        Assert.Equal(opponent.Id, state.NextTurn);
        Assert.Equal("X", state.Board[5][4]);
        Assert.Null(state.WinnerId);
    }

    private sealed class RecordingEvents : IRealtimeEvents
    {
        private readonly ConcurrentQueue<RealtimeEvent> _raised = new();

        public IReadOnlyList<RealtimeEvent> For(long roomId) => _raised.Where(e => e.RoomId == roomId).ToList();

        public Task PublishAsync(RealtimeEvent @event, CancellationToken cancellationToken = default)
        {
            _raised.Enqueue(@event);
            return Task.CompletedTask;
        }

        public Task DisconnectUserAsync(long userId, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task StopViewingAsync(long conversationId, long userId, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
