using System.Text.Json;
using System.Text.Json.Serialization;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Features.Games;

/// <summary>Payload of <c>game_started</c> (contract 12.4); <c>current_state</c> is the board as a JSON string, as the
/// GameRoom object carries it.</summary>
public sealed record GameStartedPayload(
    string Status, long NextTurn, long OpponentId, long CreatorId, long RoomId, DateTime UpdatedAt, string CurrentState);

/// <summary>Payload of <c>game_state</c> (contract 12.4): the board as a 2-D array of "", "X", "O"; <c>winner_id</c> is
/// written as null while there is no winner (int|null in the contract).</summary>
public sealed record GameStatePayload(IReadOnlyList<IReadOnlyList<string>> Board, string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? WinnerId, long NextTurn, bool IsDraw);

/// <summary>
/// The game socket's way into the rules (contract 11, 12.4), the same service the REST routes use. Every method
/// decides on the room's current row under a lock, stores what it changes, and after the commit raises the room's
/// events (<c>game_started</c>, <c>game_state</c>) to <c>EventAudience.Room(roomId)</c> on every replica. A refusal is a
/// <see cref="Result"/> error whose message is the contract's (the socket sends it as an <c>error</c> frame to the
/// offending user only).
/// </summary>
public interface IGameplay
{
    /// <summary><c>join_room</c>: the caller becomes the opponent of a pending room; creator moves first.</summary>
    Task<Result<GameStartedPayload>> JoinAsync(long userId, long roomId, CancellationToken cancellationToken);

    /// <summary><c>make_move</c>: <paramref name="move"/> is the frame's payload (<c>{column}</c> or <c>{x, y}</c>).</summary>
    Task<Result<GameStatePayload>> MoveAsync(long userId, long roomId, JsonElement move, CancellationToken cancellationToken);

    /// <summary>The state to send a player who (re)connects to an active or finished room; null for other rooms.</summary>
    Task<GameStatePayload?> CurrentStateAsync(long roomId, CancellationToken cancellationToken);

    /// <summary>The creator's last game socket on the room closed: a room still pending is cancelled (contract 11).</summary>
    Task CreatorLeftAsync(long userId, long roomId, CancellationToken cancellationToken);
}
