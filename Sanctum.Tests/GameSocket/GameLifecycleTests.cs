using Sanctum.Tests.TestSupport;
using static Sanctum.Tests.GameSocket.GameSocketSteps;

namespace Sanctum.Tests.GameSocket;

/// <summary>Racing moves, reconnects and the ways a game ends without a winner (contract 11, 12.4).</summary>
[Collection(AppCollection.Name)]
public sealed class GameLifecycleTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Fifty_concurrent_moves_on_one_turn_store_exactly_one()
    {
        await using var game = await app.StartGameAsync(Connect4, "grace");
        // The mover's second socket is on the opponent's replica (the room caps count per replica).
        await using var second = await app.ConnectGameAsync(game.Creator, game.RoomId, replica: 1);
        var initial = await second.NextStateAsync(game.RoomId);
        Assert.All(initial.Board().SelectMany(row => row), cell => Assert.Equal("", cell));
        var sockets = new[] { game.CreatorSocket, second };

        await Task.WhenAll(sockets.Select(async socket =>
        {
            for (var i = 0; i < 25; i++)
            {
                await socket.SendColumnAsync(i % 7);
            }
        }));
        // Each socket handles its frames in order: once its chat comes back, all of its moves have been answered.
        for (var i = 0; i < sockets.Length; i++)
        {
            var marker = $"race done {i}";
            await sockets[i].SendChatAsync(marker);
            await sockets[i].ReceiveTypeAsync("chat", frame => frame.IsChat(marker));
        }

        var errors = sockets.SelectMany(socket => socket.TakeAll(frame => frame.Type() == "error" && frame.IsFor(game.RoomId)))
            .Select(frame => frame.Payload().GetProperty("message").GetString()).ToList();
        Assert.Equal(Enumerable.Repeat("Not your turn", 49), errors);
        Assert.Equal(1, await app.MoveCountAsync(game.RoomId));
        foreach (var socket in new[] { game.CreatorSocket, second, game.OpponentSocket })
        {
            var state = await socket.NextStateAsync(game.RoomId);
            Assert.Equal(1, state.Board().SelectMany(row => row).Count(cell => cell == "X"));
            Assert.Equal(0, state.Board().SelectMany(row => row).Count(cell => cell == "O"));
            Assert.Equal(game.Opponent.Id, state.Payload().GetProperty("next_turn").GetInt64());
        }
        Assert.Empty(game.OpponentSocket.TakeAll(frame => frame.Type() == "game_state" && frame.IsFor(game.RoomId)));

        // The board is consistent: the opponent's move lands as the second one.
        await game.OpponentSocket.SendColumnAsync(6);
        var next = await game.CreatorSocket.NextStateAsync(game.RoomId);
        Assert.Equal(1, next.Board().SelectMany(row => row).Count(cell => cell == "O"));
        Assert.Equal(2, await app.MoveCountAsync(game.RoomId));
    }

    [Fact]
    public async Task A_player_who_reconnects_gets_the_current_board()
    {
        await using var game = await app.StartGameAsync(TicTacToe, "grecon");
        await game.CreatorSocket.SendCellAsync(0, 0);
        var state = await game.OpponentSocket.NextStateAsync(game.RoomId);
        await game.CreatorSocket.NextStateAsync(game.RoomId);
        await game.OpponentSocket.DisposeAsync();

        await using var back = await app.ConnectAsync(game.Opponent, $"{TestSockets.Game}?room_id={game.RoomId}", replica: 1);
        var current = await back.ReceiveJsonAsync();
        Assert.Equal("game_state", current.Type());
        Assert.Equal(game.RoomId, current.GetProperty("room_id").GetInt64());
        Assert.Equal(state.Payload().GetRawText(), current.Payload().GetRawText());
        Assert.Equal(game.Opponent.Id, current.Payload().GetProperty("next_turn").GetInt64());

        // The game goes on from there.
        await back.SendCellAsync(1, 1);
        var after = await game.CreatorSocket.NextStateAsync(game.RoomId);
        Assert.Equal([["X", "", ""], ["", "O", ""], ["", "", ""]], after.Board());
        Assert.Equal("active", (await app.GetRoomAsync(game.Creator, game.RoomId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_socket_on_a_pending_room_gets_no_state()
    {
        var creator = await app.SignupAsync("gpend");
        var roomId = await app.CreateRoomAsync(creator, Connect4);
        await using var socket = await app.ConnectGameAsync(creator, roomId, replica: 1);
        Assert.Empty(socket.TakeAll(frame => frame.Type() == "game_state"));
    }

    [Fact]
    public async Task The_creator_disconnecting_from_a_pending_room_cancels_it()
    {
        var creator = await app.SignupAsync("gleft");
        var roomId = await app.CreateRoomAsync(creator, Connect4);
        var socket = await app.ConnectGameAsync(creator, roomId, replica: 1);
        await socket.DisposeAsync();

        Assert.Equal("cancelled", await app.WaitForStatusAsync(creator, roomId, "cancelled", TestSockets.FrameTimeout));

        // Nobody can join it any more.
        var late = await app.SignupAsync("gleft");
        await using var lateSocket = await app.ConnectGameAsync(late, roomId, replica: 0);
        await lateSocket.SendTextAsync("""{"type":"join_room"}""");
        await lateSocket.ExpectErrorAsync(roomId, "Game already started or finished");
    }

    [Fact]
    public async Task Leaving_over_rest_cancels_the_game_for_the_other_player_and_changes_no_stats()
    {
        await using var game = await app.StartGameAsync(Connect4, "gquit");
        await game.CreatorSocket.SendColumnAsync(0);
        await game.OpponentSocket.NextStateAsync(game.RoomId);

        var left = await (await app.ClientFor(game.Creator, 0).PostAsync($"/api/games/rooms/{game.RoomId}/leave", null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Room closed", left.GetProperty("message").GetString());

        foreach (var socket in new[] { game.OpponentSocket, game.CreatorSocket })
        {
            var cancelled = await socket.ReceiveTypeAsync("game_cancelled", frame => frame.IsFor(game.RoomId));
            Assert.Equal("""{"message":"A player left the room"}""", cancelled.Payload().GetRawText());
        }
        await game.OpponentSocket.SendColumnAsync(1);
        await game.OpponentSocket.ExpectErrorAsync(game.RoomId, "Not your turn");
        Assert.Equal(1, await app.MoveCountAsync(game.RoomId));
        Assert.Equal("cancelled", (await app.GetRoomAsync(game.Opponent, game.RoomId)).GetProperty("status").GetString());
        Assert.Equal((0, 0, 0, 0, 0), await app.StatLinesAsync(game.Creator, Connect4));
        Assert.Equal((0, 0, 0, 0, 0), await app.StatLinesAsync(game.Opponent, Connect4));
    }

    [Fact]
    public async Task An_active_game_that_both_players_left_is_cancelled_after_the_grace_without_stats()
    {
        var creator = await app.SignupAsync("gaband");
        var opponent = await app.SignupAsync("gaband");
        var roomId = await app.CreateRoomAsync(creator, TicTacToe);
        var creatorSocket = await app.ConnectGameAsync(creator, roomId, replica: 0);
        var opponentSocket = await app.ConnectGameAsync(opponent, roomId, replica: 0);
        await opponentSocket.SendTextAsync("""{"type":"join_room"}""");
        await creatorSocket.ReceiveTypeAsync("game_started", frame => frame.IsFor(roomId));
        await creatorSocket.SendCellAsync(0, 0);
        await opponentSocket.NextStateAsync(roomId);

        await creatorSocket.DisposeAsync();
        await opponentSocket.DisposeAsync();

        // After GameSocket.AbandonGrace; the wait allows for it and a busy machine.
        Assert.Equal("cancelled", await app.WaitForStatusAsync(creator, roomId, "cancelled",
            global::Sanctum.Api.Features.Games.GameSocket.AbandonGrace + TimeSpan.FromSeconds(30)));
        Assert.Equal(1, await app.MoveCountAsync(roomId));
        Assert.Equal((0, 0, 0, 0, 0), await app.StatLinesAsync(creator, TicTacToe));
        Assert.Equal((0, 0, 0, 0, 0), await app.StatLinesAsync(opponent, TicTacToe));
    }

    [Fact]
    public async Task A_player_leaving_a_game_on_another_replica_does_not_abandon_it()
    {
        await using var game = await app.StartGameAsync(TicTacToe, "gstay");
        await game.OpponentSocket.DisposeAsync();

        // Replica 1 now has no socket in the room, but it never saw the creator there: the game stays past the grace.
        await Task.Delay(global::Sanctum.Api.Features.Games.GameSocket.AbandonGrace + TimeSpan.FromSeconds(3));
        Assert.Equal("active", (await app.GetRoomAsync(game.Creator, game.RoomId)).GetProperty("status").GetString());
        await game.CreatorSocket.SendCellAsync(2, 2);
        Assert.Equal("X", (await game.CreatorSocket.NextStateAsync(game.RoomId)).Board()[2][2]);
        Assert.Empty(game.CreatorSocket.TakeAll(frame => frame.Type() == "game_cancelled"));
    }
}
