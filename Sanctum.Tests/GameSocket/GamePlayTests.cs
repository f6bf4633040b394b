using Sanctum.Tests.TestSupport;
using static Sanctum.Tests.GameSocket.GameSocketSteps;

namespace Sanctum.Tests.GameSocket;

/// <summary>Whole games over the game socket (contract 11, 12.4), the two players on different replicas: every
/// <c>game_state</c> reaches both once and in order, and the finishing move writes the stats of section 11.</summary>
[Collection(AppCollection.Name)]
public sealed class GamePlayTests(SanctumAppFixture app)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task A_connect_four_game_is_played_to_a_win_and_both_players_see_every_move_once()
    {
        await using var game = await app.StartGameAsync(Connect4, "c4win");
        // The creator (X, first) stacks column 3, the opponent (O) column 4: X has four in a column on the 7th move.
        int[] columns = [3, 4, 3, 4, 3, 4, 3];
        var expected = Enumerable.Range(0, 6).Select(_ => Enumerable.Repeat("", 7).ToArray()).ToArray();
        for (var i = 0; i < columns.Length; i++)
        {
            var creatorMoves = i % 2 == 0;
            var (mover, other) = creatorMoves ? (game.Creator, game.Opponent) : (game.Opponent, game.Creator);
            await (creatorMoves ? game.CreatorSocket : game.OpponentSocket).SendColumnAsync(columns[i]);
            expected[5 - i / 2][columns[i]] = creatorMoves ? "X" : "O";
            var last = i == columns.Length - 1;
            foreach (var socket in new[] { game.CreatorSocket, game.OpponentSocket })
            {
                var state = await socket.NextStateAsync(game.RoomId);
                Assert.Equal(["payload", "room_id", "type", "user_id"], state.FieldNames());
                Assert.Equal(mover.Id, state.GetProperty("user_id").GetInt64());
                Assert.Equal(["board", "is_draw", "next_turn", "status", "winner_id"], state.Payload().FieldNames());
                Assert.Equal(expected, state.Board());
                Assert.Equal(last ? "finished" : "active", state.Payload().GetProperty("status").GetString());
                Assert.Equal(last ? game.Creator.Id : null, state.WinnerId());
                // A finished game's next turn stays on the last mover (contract 11).
                Assert.Equal(last ? mover.Id : other.Id, state.Payload().GetProperty("next_turn").GetInt64());
                Assert.False(state.Payload().GetProperty("is_draw").GetBoolean());
            }
        }
        foreach (var socket in new[] { game.CreatorSocket, game.OpponentSocket })
        {
            await socket.ExpectNoneAsync(frame => frame.IsFor(game.RoomId) && frame.Type() is "game_state" or "game_started", Quiet, "repeated game frame");
        }
        Assert.Equal(7, await app.MoveCountAsync(game.RoomId));

        var room = await app.GetRoomAsync(game.Opponent, game.RoomId, replica: 1);
        Assert.Equal("finished", room.GetProperty("status").GetString());
        Assert.Equal(game.Creator.Id, room.GetProperty("winner_id").GetInt64());
        Assert.False(room.GetProperty("is_draw").GetBoolean());
        Assert.Equal(expected, JsonSerializer.Deserialize<string[][]>(room.GetProperty("current_state").GetString()!));

        Assert.Equal((1, 0, 0, 1, 15), await app.StatLinesAsync(game.Creator, Connect4));
        Assert.Equal((0, 1, 0, 1, 0), await app.StatLinesAsync(game.Opponent, Connect4));

        // Nobody moves in a finished game; nothing is stored and the stats stay.
        await game.OpponentSocket.SendColumnAsync(0);
        await game.OpponentSocket.ExpectErrorAsync(game.RoomId, "Not your turn");
        await game.CreatorSocket.SendColumnAsync(0);
        await game.CreatorSocket.ExpectErrorAsync(game.RoomId, "Not your turn");
        Assert.Equal(7, await app.MoveCountAsync(game.RoomId));
        Assert.Equal((1, 0, 0, 1, 15), await app.StatLinesAsync(game.Creator, Connect4));
    }

    [Fact]
    public async Task A_tictactoe_draw_counts_a_draw_for_both_and_no_points()
    {
        await using var game = await app.StartGameAsync(TicTacToe, "tttdraw");
        // X O X / X O O / O X X: no line, all nine cells.
        (int X, int Y)[] cells = [(0, 0), (0, 1), (0, 2), (1, 1), (1, 0), (1, 2), (2, 1), (2, 0), (2, 2)];
        JsonElement state = default;
        for (var i = 0; i < cells.Length; i++)
        {
            await (i % 2 == 0 ? game.CreatorSocket : game.OpponentSocket).SendCellAsync(cells[i].X, cells[i].Y);
            state = await game.CreatorSocket.NextStateAsync(game.RoomId);
            var seen = await game.OpponentSocket.NextStateAsync(game.RoomId);
            Assert.Equal(state.GetRawText(), seen.GetRawText());
        }
        Assert.Equal([["X", "O", "X"], ["X", "O", "O"], ["O", "X", "X"]], state.Board());
        Assert.Equal("finished", state.Payload().GetProperty("status").GetString());
        Assert.True(state.Payload().GetProperty("is_draw").GetBoolean());
        Assert.Equal(JsonValueKind.Null, state.Payload().GetProperty("winner_id").ValueKind);
        Assert.Equal(9, await app.MoveCountAsync(game.RoomId));

        var room = await app.GetRoomAsync(game.Creator, game.RoomId);
        Assert.Equal("finished", room.GetProperty("status").GetString());
        Assert.True(room.GetProperty("is_draw").GetBoolean());
        Assert.Equal((0, 0, 1, 1, 0), await app.StatLinesAsync(game.Creator, TicTacToe));
        Assert.Equal((0, 0, 1, 1, 0), await app.StatLinesAsync(game.Opponent, TicTacToe));
    }

    [Fact]
    public async Task Chat_is_echoed_to_the_room_with_the_senders_ids_and_name()
    {
        await using var game = await app.StartGameAsync(Connect4, "gchat");

        await game.OpponentSocket.SendTextAsync(
            JsonSerializer.Serialize(new { type = "chat", room_id = 1, user_id = game.Creator.Id, payload = new { text = "gg", username = game.Creator.Username } }));

        foreach (var socket in new[] { game.CreatorSocket, game.OpponentSocket })
        {
            var chat = await socket.ReceiveTypeAsync("chat", frame => frame.IsChat("gg"));
            Assert.Equal(["payload", "room_id", "type", "user_id"], chat.FieldNames());
            Assert.Equal(game.RoomId, chat.GetProperty("room_id").GetInt64());
            Assert.Equal(game.Opponent.Id, chat.GetProperty("user_id").GetInt64());
            Assert.Equal(game.Opponent.Username, chat.Payload().GetProperty("username").GetString());
        }
    }
}
