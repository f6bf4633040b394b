using Npgsql;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.GameSocket;

/// <summary>A game between two users, each on their own replica, and the game socket's client frames (contract 12.4).</summary>
public sealed record TestGame(long RoomId, TestUser Creator, TestUser Opponent, TestSocket CreatorSocket, TestSocket OpponentSocket) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await CreatorSocket.DisposeAsync();
        await OpponentSocket.DisposeAsync();
    }
}

public static class GameSocketSteps
{
    public const string Connect4 = "connect4";
    public const string TicTacToe = "tictactoe";

    /// <summary>POST /api/games/rooms: a new pending room of the user's (201); returns its id.</summary>
    public static async Task<long> CreateRoomAsync(this SanctumAppFixture app, TestUser creator, string type, int replica = 0)
    {
        var room = await (await app.ClientFor(creator, replica).PostAsJsonAsync("/api/games/rooms", new { type })).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("pending", room.GetProperty("status").GetString());
        return room.GetProperty("id").GetInt64();
    }

    public static async Task<JsonElement> GetRoomAsync(this SanctumAppFixture app, TestUser user, long roomId, int replica = 0) =>
        await (await app.ClientFor(user, replica).GetAsync($"/api/games/rooms/{roomId}")).ExpectJsonAsync(HttpStatusCode.OK);

    /// <summary>Reads the room until its status is <paramref name="status"/> or the time runs out; returns the last status.</summary>
    public static async Task<string?> WaitForStatusAsync(this SanctumAppFixture app, TestUser user, long roomId, string status, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var current = (await app.GetRoomAsync(user, roomId)).GetProperty("status").GetString();
            if (current == status || DateTime.UtcNow > deadline)
            {
                return current;
            }
            await Task.Delay(200);
        }
    }

    public static async Task<JsonElement> StatsAsync(this SanctumAppFixture app, TestUser user, string type, int replica = 0) =>
        await (await app.ClientFor(user, replica).GetAsync($"/api/games/stats/{type}")).ExpectJsonAsync(HttpStatusCode.OK);

    /// <summary>wins, losses, draws, total_games, points of the user's stats.</summary>
    public static async Task<(int Wins, int Losses, int Draws, int Total, int Points)> StatLinesAsync(this SanctumAppFixture app, TestUser user, string type)
    {
        var stats = await app.StatsAsync(user, type);
        Assert.Equal(user.Id, stats.GetProperty("user_id").GetInt64());
        Assert.Equal(type, stats.GetProperty("game_type").GetString());
        return (stats.GetProperty("wins").GetInt32(), stats.GetProperty("losses").GetInt32(), stats.GetProperty("draws").GetInt32(),
            stats.GetProperty("total_games").GetInt32(), stats.GetProperty("points").GetInt32());
    }

    public static Task<long> MoveCountAsync(this SanctumAppFixture app, long roomId) =>
        app.ScalarAsync<long>("SELECT COUNT(*) FROM game_moves WHERE game_room_id = @id", new NpgsqlParameter("id", roomId));

    /// <summary>
    /// Opens the room's socket and waits until it is registered on its replica: a <c>chat</c> frame sent on it comes
    /// back (frames are read only after registration). Any <c>game_state</c> sent on connect stays for the test.
    /// </summary>
    public static async Task<TestSocket> ConnectGameAsync(this SanctumAppFixture app, TestUser user, long roomId, int replica)
    {
        var socket = await app.ConnectAsync(user, $"{TestSockets.Game}?room_id={roomId}", replica);
        var marker = Guid.NewGuid().ToString("N");
        await socket.SendChatAsync(marker);
        await socket.ReceiveTypeAsync("chat", frame => frame.IsChat(marker));
        return socket;
    }

    /// <summary>A room of <paramref name="type"/>: the creator's socket on replica 0, the opponent's on replica 1, the
    /// opponent joined, and both sockets have had their one <c>game_started</c>.</summary>
    public static async Task<TestGame> StartGameAsync(this SanctumAppFixture app, string type, string prefix = "gs")
    {
        var creator = await app.SignupAsync(prefix);
        var opponent = await app.SignupAsync(prefix);
        var roomId = await app.CreateRoomAsync(creator, type);
        var creatorSocket = await app.ConnectGameAsync(creator, roomId, replica: 0);
        var opponentSocket = await app.ConnectGameAsync(opponent, roomId, replica: 1);
        await opponentSocket.SendTextAsync("""{"type":"join_room"}""");
        foreach (var socket in new[] { creatorSocket, opponentSocket })
        {
            var started = await socket.ReceiveTypeAsync("game_started", frame => frame.IsFor(roomId));
            var payload = started.Payload();
            Assert.Equal("active", payload.GetProperty("status").GetString());
            Assert.Equal(creator.Id, payload.GetProperty("next_turn").GetInt64());
            Assert.Equal(creator.Id, payload.GetProperty("creator_id").GetInt64());
            Assert.Equal(opponent.Id, payload.GetProperty("opponent_id").GetInt64());
            Assert.Equal(roomId, payload.GetProperty("room_id").GetInt64());
        }
        return new TestGame(roomId, creator, opponent, creatorSocket, opponentSocket);
    }

    public static Task SendChatAsync(this TestSocket socket, string text) =>
        socket.SendTextAsync(JsonSerializer.Serialize(new { type = "chat", payload = new { text } }));

    public static Task SendColumnAsync(this TestSocket socket, int column) =>
        socket.SendTextAsync($$$"""{"type":"make_move","payload":{"column":{{{column}}}}}""");

    public static Task SendCellAsync(this TestSocket socket, int x, int y) =>
        socket.SendTextAsync($$$"""{"type":"make_move","payload":{"x":{{{x}}},"y":{{{y}}}}}""");

    /// <summary>The envelope's <c>room_id</c> is <paramref name="roomId"/>.</summary>
    public static bool IsFor(this JsonElement frame, long roomId) =>
        frame.ValueKind == JsonValueKind.Object && frame.TryGetProperty("room_id", out var id) && id.ValueKind == JsonValueKind.Number && id.GetInt64() == roomId;

    public static bool IsChat(this JsonElement frame, string text) =>
        frame.Type() == "chat" && frame.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object
        && payload.TryGetProperty("text", out var actual) && actual.ValueKind == JsonValueKind.String && actual.GetString() == text;

    /// <summary>The next <c>game_state</c> of the room.</summary>
    public static Task<JsonElement> NextStateAsync(this TestSocket socket, long roomId) =>
        socket.ReceiveTypeAsync("game_state", frame => frame.IsFor(roomId));

    /// <summary>Waits for an <c>error</c> frame of the room and checks its exact shape and message.</summary>
    public static async Task ExpectErrorAsync(this TestSocket socket, long roomId, string message)
    {
        var frame = await socket.ReceiveTypeAsync("error", frame => frame.IsFor(roomId));
        Assert.Equal(["payload", "room_id", "type"], frame.FieldNames());
        Assert.Equal(["message"], frame.Payload().FieldNames());
        Assert.Equal(message, frame.Payload().GetProperty("message").GetString());
    }

    /// <summary>The board as rows of "", "X", "O".</summary>
    public static string[][] Board(this JsonElement state) =>
        state.Payload().GetProperty("board").EnumerateArray().Select(row => row.EnumerateArray().Select(cell => cell.GetString()!).ToArray()).ToArray();

    public static long? WinnerId(this JsonElement state) =>
        state.Payload().GetProperty("winner_id") is { ValueKind: JsonValueKind.Number } id ? id.GetInt64() : null;
}
