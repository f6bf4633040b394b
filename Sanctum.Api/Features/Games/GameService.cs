using System.Text.Json;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Features.Games;

/// <summary>
/// Game rooms, moves and stats (contract 11), for the REST routes and, as <see cref="IGameplay"/>, the game socket.
/// Joins and moves are decided on the room's row locked in a transaction (<see cref="GameStore.LockAsync"/>), so of two
/// moves at once exactly one lands and the other gets "Not your turn"; a finishing move writes both players' stats in
/// the same transaction. Room events (<c>game_started</c>, <c>game_state</c>, <c>game_cancelled</c>) are raised here,
/// after the commit, to <see cref="EventAudience.Room"/>. A cancelled game changes no stats.
/// </summary>
public sealed class GameService(GameStore store, IRealtimeEvents events) : IGameplay
{
    public const string RoomNotFound = "Game room not found";
    public const string AlreadyStarted = "Game already started or finished";
    public const string YouAreTheCreator = "You are the creator";
    public const string CreatorGone = "Game creator no longer exists";
    public const string NotYourTurn = "Not your turn";
    public const string PlayerLeft = "A player left the room";
    public const string NotParticipant = "Not a participant in this room";

    private static readonly string[] OpenStatuses = [GameStatus.Pending, GameStatus.Active];
    private static readonly string[] PendingOnly = [GameStatus.Pending];
    private static readonly string[] ActiveOnly = [GameStatus.Active];

    /// <summary>The caller's non-stale pending room of the type (reused), or a new one; their stale pending rooms of the
    /// type are cancelled first. One pending room per creator and type is held by a unique index, so concurrent creates
    /// meet there: the loser reads the winner's room.</summary>
    public async Task<Result<CreatedRoom>> CreateRoomAsync(Caller caller, string? type, CancellationToken cancellationToken)
    {
        var gameType = type ?? "";
        await store.CancelStaleAsync(caller.UserId, gameType, cancellationToken);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await store.InsertPendingAsync(caller.UserId, gameType, cancellationToken) is { } id
                && await store.FindAsync(id, cancellationToken) is { } created)
            {
                return new CreatedRoom(created.ToDto(caller), Created: true);
            }

            if (await store.FindPendingAsync(caller.UserId, gameType, cancellationToken) is { } existing)
            {
                return new CreatedRoom(existing.ToDto(caller), Created: false);
            }
        }

        throw new InvalidOperationException($"No pending {gameType} room for user {caller.UserId} could be created or found.");
    }

    /// <summary>Pending rooms (contract 11): stale ones are cancelled in one statement and omitted.</summary>
    public async Task<IReadOnlyList<GameRoomDto>> ListActiveAsync(Caller caller, ActiveRoomsQuery query, CancellationToken cancellationToken)
    {
        var type = string.IsNullOrEmpty(query.Type) ? null : query.Type;
        await store.CancelStaleAsync(null, type, cancellationToken);
        var rows = await store.ListPendingAsync(type, Paging.Of(query.Limit, query.Offset, Paging.ListCap, Paging.ListCap), cancellationToken);
        return rows.Select(row => row.ToDto(caller)).ToList();
    }

    public async Task<Result<GameRoomDto>> GetRoomAsync(Caller caller, long id, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } room ? room.ToDto(caller) : Error.NotFound("GameRoom", id);

    /// <summary>Only the creator or the opponent may leave; an open room is cancelled (no stats) and its sockets told.</summary>
    public async Task<Result<LeaveRoomResponse>> LeaveAsync(Caller caller, long id, CancellationToken cancellationToken)
    {
        var room = await store.FindAsync(id, cancellationToken);
        if (room is null)
        {
            return Error.NotFound("GameRoom", id);
        }

        if (!room.Involves(caller.UserId))
        {
            return Error.Forbidden(NotParticipant);
        }

        if (!await store.CancelAsync(id, OpenStatuses, null, cancellationToken))
        {
            var current = await store.FindAsync(id, cancellationToken);
            return new LeaveRoomResponse("Room already closed", current?.Status ?? room.Status);
        }

        await RaiseCancelledAsync(id, cancellationToken);
        return new LeaveRoomResponse("Room closed", GameStatus.Cancelled);
    }

    /// <summary>The caller's stats for the type; the zero row is created when missing (contract 11).</summary>
    public Task<GameStatsDto> StatsAsync(Caller caller, string type, CancellationToken cancellationToken) =>
        store.StatsAsync(caller.UserId, type, cancellationToken);

    public async Task<Result<GameStartedPayload>> JoinAsync(long userId, long roomId, CancellationToken cancellationToken)
    {
        GameStartedPayload started;
        await using (var locked = await store.LockAsync(roomId, cancellationToken))
        {
            var room = locked.Room;
            if (room is null)
            {
                return new Error(ErrorKind.NotFound, RoomNotFound);
            }

            if (room.Status != GameStatus.Pending)
            {
                return Error.Conflict(AlreadyStarted);
            }

            if (room.CreatorId == userId)
            {
                return Error.Forbidden(YouAreTheCreator);
            }

            if (room.CreatorId is not { } creatorId || !await locked.UserExistsAsync(creatorId))
            {
                return Error.Conflict(CreatorGone);
            }

            var board = GameRules.NewBoard(room.Type) is { } empty ? GameRules.Serialize(empty) : null;
            var updatedAt = await locked.StartAsync(userId, creatorId, board);
            await locked.CommitAsync();
            started = new GameStartedPayload(GameStatus.Active, creatorId, userId, creatorId, roomId, updatedAt, board ?? room.CurrentState);
        }

        await events.PublishAsync(
            new RealtimeEvent("game_started", started, EventAudience.Room(roomId)) { Socket = SocketKind.Game, RoomId = roomId },
            cancellationToken);
        return started;
    }

    /// <summary>
    /// A move by the player whose turn it is, on an active room. A move on a finished (or cancelled, or pending) room is
    /// refused with "Not your turn", as contract 11 words every move outside the mover's turn of an active game. A room
    /// whose creator or opponent no longer exists is cancelled (contract 11) and the move refused.
    /// </summary>
    public async Task<Result<GameStatePayload>> MoveAsync(long userId, long roomId, JsonElement move, CancellationToken cancellationToken)
    {
        GameStatePayload state;
        await using (var locked = await store.LockAsync(roomId, cancellationToken))
        {
            var room = locked.Room;
            if (room is null)
            {
                return new Error(ErrorKind.NotFound, RoomNotFound);
            }

            if (room.Status != GameStatus.Active || room.NextTurnId != userId || !room.Involves(userId))
            {
                return Error.Conflict(NotYourTurn);
            }

            if (room.CreatorId is not { } creatorId || room.OpponentId is not { } opponentId)
            {
                await locked.CancelAsync();
                await locked.CommitAsync();
                await RaiseCancelledAsync(roomId, cancellationToken);
                return Error.Conflict(room.CreatorId is null ? CreatorGone : NotYourTurn);
            }

            var symbol = userId == opponentId ? GameRules.O : GameRules.X;
            var board = GameRules.Parse(room.Type, room.CurrentState);
            if (board is null)
            {
                return Error.Validation(GameRules.InvalidMoveFormat);
            }

            var applied = GameRules.Apply(room.Type, board, symbol, move);
            if (applied.Error is { } refused)
            {
                return refused;
            }

            var outcome = applied.Value!;
            long? winnerId = outcome.WinnerSymbol switch
            {
                GameRules.X => creatorId,
                GameRules.O => opponentId,
                _ => null,
            };
            var status = outcome.Finished ? GameStatus.Finished : GameStatus.Active;
            var nextTurn = outcome.Finished ? userId : userId == creatorId ? opponentId : creatorId;
            await locked.RecordMoveAsync(userId, move.GetRawText(), GameRules.Serialize(outcome.Board), status, nextTurn, winnerId, outcome.IsDraw);
            if (outcome.Finished)
            {
                await AddStatsAsync(locked, room.Type, creatorId, opponentId, winnerId);
            }

            await locked.CommitAsync();
            state = new GameStatePayload(outcome.Board, status, winnerId, nextTurn, outcome.IsDraw);
        }

        await events.PublishAsync(
            new RealtimeEvent("game_state", state, EventAudience.Room(roomId)) { Socket = SocketKind.Game, RoomId = roomId, UserId = userId },
            cancellationToken);
        return state;
    }

    public async Task<GameStatePayload?> CurrentStateAsync(long roomId, CancellationToken cancellationToken)
    {
        var room = await store.FindAsync(roomId, cancellationToken);
        if (room is null || room.Status is not (GameStatus.Active or GameStatus.Finished) || GameRules.Parse(room.Type, room.CurrentState) is not { } board)
        {
            return null;
        }

        return new GameStatePayload(board, room.Status, room.WinnerId, room.NextTurnId, room.IsDraw);
    }

    public async Task CreatorLeftAsync(long userId, long roomId, CancellationToken cancellationToken)
    {
        if (await store.CancelAsync(roomId, PendingOnly, userId, cancellationToken))
        {
            await RaiseCancelledAsync(roomId, cancellationToken);
        }
    }

    /// <summary>
    /// For the game socket when the room's sockets are gone (beyond its grace): an ACTIVE room whose creator and opponent
    /// are both among <paramref name="departed"/> is cancelled without stats and <c>game_cancelled</c> raised. Pending
    /// rooms are the creator's (<see cref="CreatorLeftAsync"/>) and finished or cancelled rooms are left alone. True when
    /// the room was cancelled.
    /// </summary>
    public async Task<bool> AbandonIfEmptyAsync(long roomId, IReadOnlyCollection<long> departed, CancellationToken cancellationToken = default)
    {
        if (await store.FindAsync(roomId, cancellationToken) is not { Status: GameStatus.Active, CreatorId: { } creatorId, OpponentId: { } opponentId }
            || !departed.Contains(creatorId) || !departed.Contains(opponentId)
            || !await store.CancelAsync(roomId, ActiveOnly, null, cancellationToken))
        {
            return false;
        }

        await RaiseCancelledAsync(roomId, cancellationToken);
        return true;
    }

    /// <summary>Win/loss/draw of contract 11, written in the finishing move's transaction; the lower user id first, so two
    /// games finishing at once between the same players take the stats rows' locks in the same order.</summary>
    private static async Task AddStatsAsync(LockedGameRoom locked, string type, long creatorId, long opponentId, long? winnerId)
    {
        foreach (var player in new[] { creatorId, opponentId }.Order())
        {
            if (winnerId is null)
            {
                await locked.AddStatsAsync(player, type, wins: 0, losses: 0, draws: 1, points: 0);
            }
            else if (player == winnerId)
            {
                await locked.AddStatsAsync(player, type, wins: 1, losses: 0, draws: 0, points: GameRules.WinPoints(type));
            }
            else
            {
                await locked.AddStatsAsync(player, type, wins: 0, losses: 1, draws: 0, points: 0);
            }
        }
    }

    private Task RaiseCancelledAsync(long roomId, CancellationToken cancellationToken) =>
        events.PublishAsync(
            new RealtimeEvent("game_cancelled", new GameCancelledPayload(PlayerLeft), EventAudience.Room(roomId))
            {
                Socket = SocketKind.Game,
                RoomId = roomId,
            },
            cancellationToken);
}
