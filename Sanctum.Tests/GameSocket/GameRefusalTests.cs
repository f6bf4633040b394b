using Sanctum.Tests.TestSupport;
using static Sanctum.Tests.GameSocket.GameSocketSteps;

namespace Sanctum.Tests.GameSocket;

/// <summary>Refused joins and moves (contract 11, 12.4): each gets the contract's message in an <c>error</c> frame on the
/// offending socket only, nothing is stored, and the game goes on.</summary>
[Collection(AppCollection.Name)]
public sealed class GameRefusalTests(SanctumAppFixture app)
{
    [Fact]
    public async Task The_creator_cannot_join_their_own_room_and_a_third_user_cannot_join_a_started_one()
    {
        var creator = await app.SignupAsync("gjoin");
        var opponent = await app.SignupAsync("gjoin");
        var third = await app.SignupAsync("gjoin");
        var roomId = await app.CreateRoomAsync(creator, Connect4);
        await using var creatorSocket = await app.ConnectGameAsync(creator, roomId, replica: 0);

        await creatorSocket.SendTextAsync("""{"type":"join_room"}""");
        await creatorSocket.ExpectErrorAsync(roomId, "You are the creator");
        var room = await app.GetRoomAsync(creator, roomId);
        Assert.Equal("pending", room.GetProperty("status").GetString());

        await using var opponentSocket = await app.ConnectGameAsync(opponent, roomId, replica: 1);
        await opponentSocket.SendTextAsync("""{"type":"join_room"}""");
        await creatorSocket.ReceiveTypeAsync("game_started", frame => frame.IsFor(roomId));
        await opponentSocket.ReceiveTypeAsync("game_started", frame => frame.IsFor(roomId));

        // Replica 0 holds one user of the room, so the third user's socket opens there; the room refuses the join.
        await using var thirdSocket = await app.ConnectGameAsync(third, roomId, replica: 0);
        await thirdSocket.SendTextAsync("""{"type":"join_room"}""");
        await thirdSocket.ExpectErrorAsync(roomId, "Game already started or finished");
        await thirdSocket.SendColumnAsync(0);
        await thirdSocket.ExpectErrorAsync(roomId, "Not your turn");

        // The opponent joining again is refused the same way; the game is unchanged and still playable.
        await opponentSocket.SendTextAsync("""{"type":"join_room"}""");
        await opponentSocket.ExpectErrorAsync(roomId, "Game already started or finished");
        room = await app.GetRoomAsync(third, roomId);
        Assert.Equal("active", room.GetProperty("status").GetString());
        Assert.Equal(opponent.Id, room.GetProperty("opponent_id").GetInt64());
        Assert.Equal(0, await app.MoveCountAsync(roomId));
        await creatorSocket.ExpectNoneAsync(frame => frame.Type() == "error", TimeSpan.FromMilliseconds(300), "error meant for others");

        await creatorSocket.SendColumnAsync(0);
        Assert.Equal(creator.Id, (await opponentSocket.NextStateAsync(roomId)).GetProperty("user_id").GetInt64());
        Assert.Equal(1, await app.MoveCountAsync(roomId));
    }

    [Fact]
    public async Task Connect_four_refuses_out_of_turn_out_of_range_and_full_column_moves()
    {
        await using var game = await app.StartGameAsync(Connect4, "gc4no");

        await game.OpponentSocket.SendColumnAsync(0);
        await game.OpponentSocket.ExpectErrorAsync(game.RoomId, "Not your turn");
        foreach (var column in new[] { 7, -1, 100 })
        {
            await game.CreatorSocket.SendColumnAsync(column);
            await game.CreatorSocket.ExpectErrorAsync(game.RoomId, "Invalid move location or column full");
        }
        Assert.Equal(0, await app.MoveCountAsync(game.RoomId));

        // Six alternating pieces fill column 0 without a line; the creator is to move again.
        for (var i = 0; i < 6; i++)
        {
            await (i % 2 == 0 ? game.CreatorSocket : game.OpponentSocket).SendColumnAsync(0);
            await game.CreatorSocket.NextStateAsync(game.RoomId);
            await game.OpponentSocket.NextStateAsync(game.RoomId);
        }
        await game.CreatorSocket.SendColumnAsync(0);
        await game.CreatorSocket.ExpectErrorAsync(game.RoomId, "Column is full");
        Assert.Equal(6, await app.MoveCountAsync(game.RoomId));

        await game.CreatorSocket.SendColumnAsync(1);
        var state = await game.OpponentSocket.NextStateAsync(game.RoomId);
        Assert.Equal("X", state.Board()[5][1]);
        Assert.Equal(game.Opponent.Id, state.Payload().GetProperty("next_turn").GetInt64());
        Assert.Equal(7, await app.MoveCountAsync(game.RoomId));
    }

    [Fact]
    public async Task Tictactoe_refuses_occupied_and_out_of_range_cells()
    {
        await using var game = await app.StartGameAsync(TicTacToe, "gtttno");
        await game.CreatorSocket.SendCellAsync(1, 1);
        await game.OpponentSocket.NextStateAsync(game.RoomId);
        await game.CreatorSocket.NextStateAsync(game.RoomId);

        foreach (var (x, y) in new[] { (1, 1), (3, 0), (0, 3), (-1, 0) })
        {
            await game.OpponentSocket.SendCellAsync(x, y);
            await game.OpponentSocket.ExpectErrorAsync(game.RoomId, "Invalid move location");
        }
        Assert.Equal(1, await app.MoveCountAsync(game.RoomId));

        await game.OpponentSocket.SendCellAsync(0, 0);
        var state = await game.CreatorSocket.NextStateAsync(game.RoomId);
        Assert.Equal([["O", "", ""], ["", "X", ""], ["", "", ""]], state.Board());
        Assert.Equal(2, await app.MoveCountAsync(game.RoomId));
    }

    [Fact]
    public async Task Malformed_frames_get_an_error_and_the_game_goes_on_for_both()
    {
        await using var game = await app.StartGameAsync(Connect4, "gbad");
        string[] malformed =
        [
            "not json",
            "[1,2]",
            "\"make_move\"",
            """{"type":5}""",
            """{"type":"make_move"}""",
            """{"type":"make_move","payload":null}""",
            """{"type":"make_move","payload":[3]}""",
            """{"type":"make_move","payload":{"column":"3"}}""",
            """{"type":"make_move","payload":{"column":2.5}}""",
            """{"type":"make_move","payload":{"x":"a","y":0}}""",
        ];
        foreach (var frame in malformed)
        {
            await game.CreatorSocket.SendTextAsync(frame);
            await game.CreatorSocket.ExpectErrorAsync(game.RoomId, "Invalid move format");
        }
        // Unknown and missing types are ignored, as the contract says: no answer before the next chat echo.
        await game.CreatorSocket.SendTextAsync("""{"type":"dance","payload":{}}""");
        await game.CreatorSocket.SendTextAsync("""{"payload":{"column":1}}""");
        await game.CreatorSocket.SendChatAsync("after unknown");
        await game.CreatorSocket.ReceiveTypeAsync("chat", frame => frame.IsChat("after unknown"));
        Assert.Empty(game.CreatorSocket.TakeAll(frame => frame.Type() == "error"));
        Assert.Empty(game.OpponentSocket.TakeAll(frame => frame.Type() == "error"));
        Assert.Equal(0, await app.MoveCountAsync(game.RoomId));

        await game.CreatorSocket.SendColumnAsync(2);
        var state = await game.OpponentSocket.NextStateAsync(game.RoomId);
        Assert.Equal("X", state.Board()[5][2]);
        await game.CreatorSocket.NextStateAsync(game.RoomId);
        Assert.True(game.CreatorSocket.IsOpen);
        Assert.True(game.OpponentSocket.IsOpen);
        Assert.Equal(1, await app.MoveCountAsync(game.RoomId));
    }
}
