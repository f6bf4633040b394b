using Dapper;
using Npgsql;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Games;

/// <summary>
/// SQL for game rooms, moves and stats (contract 11, 15). Rooms are soft-deleted (<c>deleted_at</c>), so every read skips
/// deleted rows. A pending room is stale when its <c>updated_at</c> is more than <see cref="StaleAfter"/> old.
/// Changes that must be decided on the room's current state (join, move) run in a <see cref="LockedGameRoom"/>: one
/// transaction holding the room's row <c>FOR UPDATE</c>.
/// </summary>
public sealed class GameStore(NpgsqlDataSource db)
{
    public const string StaleAfter = "10 minutes";

    /// <summary>A room <c>r</c> with its creator <c>c</c>, opponent <c>o</c> and winner <c>w</c> (live users; null columns when missing).</summary>
    private const string Select = $"""
        SELECT r.id, r.created_at, r.updated_at, r.type, r.status, r.creator_id, r.opponent_id, r.winner_id, r.is_draw,
               COALESCE(r.configuration::text, '{"{}"}') AS configuration, COALESCE(r.current_state::text, '{"{}"}') AS current_state,
               r.next_turn_id, c.*, o.*, w.*
        FROM game_rooms r
        LEFT JOIN LATERAL (SELECT {UserStore.Columns} FROM users u WHERE u.id = r.creator_id AND u.deleted_at IS NULL) c ON TRUE
        LEFT JOIN LATERAL (SELECT {UserStore.Columns} FROM users u WHERE u.id = r.opponent_id AND u.deleted_at IS NULL) o ON TRUE
        LEFT JOIN LATERAL (SELECT {UserStore.Columns} FROM users u WHERE u.id = r.winner_id AND u.deleted_at IS NULL) w ON TRUE
        """;

    /// <summary>The cancellation of contract 11 (leave, creator disconnect, abandonment): nothing else of the room is kept.</summary>
    private const string CancelSet = "status = 'cancelled', opponent_id = NULL, winner_id = NULL, next_turn_id = 0, updated_at = NOW()";

    public async Task<GameRoomRow?> FindAsync(long id, CancellationToken cancellationToken)
    {
        const string sql = $"{Select} WHERE r.id = @id AND r.deleted_at IS NULL";
        var rows = await QueryAsync(sql, new { id }, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The creator's pending room of the type, if any (there is at most one: uq_game_rooms_pending_creator_type).</summary>
    public async Task<GameRoomRow?> FindPendingAsync(long creatorId, string type, CancellationToken cancellationToken)
    {
        const string sql = $"{Select} WHERE r.creator_id = @creatorId AND r.type = @type AND r.status = 'pending' AND r.deleted_at IS NULL";
        var rows = await QueryAsync(sql, new { creatorId, type }, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>A new pending room, or null when the creator already has a pending room of the type (the partial unique
    /// index decides, so concurrent creates make one room).</summary>
    public async Task<long?> InsertPendingAsync(long creatorId, string type, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO game_rooms (type, status, creator_id, configuration, current_state)
            VALUES (@type, 'pending', @creatorId, '{}'::jsonb, '{}'::jsonb)
            ON CONFLICT (creator_id, type) WHERE status = 'pending' AND deleted_at IS NULL DO NOTHING
            RETURNING id
            """;
        return await db.QuerySingleOrDefaultAsync<long?>(sql, new { creatorId, type }, cancellationToken);
    }

    /// <summary>Cancels stale pending rooms in one statement: of one creator and type (create), or of a type or all
    /// types (list).</summary>
    public async Task<int> CancelStaleAsync(long? creatorId, string? type, CancellationToken cancellationToken)
    {
        const string sql = $"""
            UPDATE game_rooms SET {CancelSet}
            WHERE status = 'pending' AND deleted_at IS NULL AND updated_at < NOW() - INTERVAL '{StaleAfter}'
              AND (@creatorId::bigint IS NULL OR creator_id = @creatorId)
              AND (@type::text IS NULL OR type = @type)
            """;
        return await db.ExecuteAsync(sql, new { creatorId, type }, cancellationToken);
    }

    /// <summary>Non-stale pending rooms, optionally of one type, most recently updated first.</summary>
    public Task<IReadOnlyList<GameRoomRow>> ListPendingAsync(string? type, Page page, CancellationToken cancellationToken)
    {
        const string sql = $"""
            {Select}
            WHERE r.status = 'pending' AND r.deleted_at IS NULL AND r.updated_at >= NOW() - INTERVAL '{StaleAfter}'
              AND (@type::text IS NULL OR r.type = @type)
            ORDER BY r.updated_at DESC, r.id DESC
            LIMIT @limit OFFSET @offset
            """;
        return QueryAsync(sql, new { type, limit = page.Limit, offset = page.Offset }, cancellationToken);
    }

    /// <summary>Cancels the room if its status is one of <paramref name="fromStatuses"/> (and, when given, it is the
    /// creator's); false when it was not.</summary>
    public async Task<bool> CancelAsync(long id, string[] fromStatuses, long? creatorId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            UPDATE game_rooms SET {CancelSet}
            WHERE id = @id AND deleted_at IS NULL AND status = ANY(@fromStatuses)
              AND (@creatorId::bigint IS NULL OR creator_id = @creatorId)
            """;
        return await db.ExecuteAsync(sql, new { id, fromStatuses, creatorId }, cancellationToken) > 0;
    }

    /// <summary>The caller's stats for the type, the zero row created if missing (contract 11).</summary>
    public async Task<GameStatsDto> StatsAsync(long userId, string gameType, CancellationToken cancellationToken)
    {
        const string insert = """
            INSERT INTO game_stats (user_id, game_type) VALUES (@userId, @gameType)
            ON CONFLICT (user_id, game_type) DO NOTHING
            """;
        const string select = """
            SELECT id, user_id, game_type, wins, losses, draws, total_games, points
            FROM game_stats WHERE user_id = @userId AND game_type = @gameType
            """;
        await db.ExecuteAsync(insert, new { userId, gameType }, cancellationToken);
        return await db.QuerySingleAsync<GameStatsDto>(select, new { userId, gameType }, cancellationToken);
    }

    /// <summary>Opens a transaction holding the room's row lock; <see cref="LockedGameRoom.Room"/> is null when there is no
    /// such room. Dispose without <see cref="LockedGameRoom.CommitAsync"/> rolls back.</summary>
    public async Task<LockedGameRoom> LockAsync(long id, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT id, created_at, updated_at, type, status, creator_id, opponent_id, winner_id, is_draw,
                   COALESCE(configuration::text, '{}') AS configuration, COALESCE(current_state::text, '{}') AS current_state, next_turn_id
            FROM game_rooms WHERE id = @id AND deleted_at IS NULL
            FOR UPDATE
            """;
        var connection = await db.OpenConnectionAsync(cancellationToken);
        try
        {
            var tx = await connection.BeginTransactionAsync(cancellationToken);
            var room = await connection.QuerySingleOrDefaultAsync<GameRoomRow>(
                new CommandDefinition(sql, new { id }, tx, cancellationToken: cancellationToken));
            return new LockedGameRoom(connection, tx, room, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task<IReadOnlyList<GameRoomRow>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<GameRoomRow, UserRow?, UserRow?, UserRow?, GameRoomRow>(
            new CommandDefinition(sql, parameters, cancellationToken: cancellationToken), MapUsers, splitOn: "id,id,id");
        return rows.AsList();
    }

    private static GameRoomRow MapUsers(GameRoomRow room, UserRow? creator, UserRow? opponent, UserRow? winner)
    {
        room.Creator = creator;
        room.Opponent = opponent;
        room.Winner = winner;
        return room;
    }
}

/// <summary>A game room's row locked <c>FOR UPDATE</c> in an open transaction: the writes of a join or a move, decided by
/// the service on <see cref="Room"/>, then <see cref="CommitAsync"/>.</summary>
public sealed class LockedGameRoom(NpgsqlConnection connection, NpgsqlTransaction tx, GameRoomRow? room, CancellationToken cancellationToken)
    : IAsyncDisposable
{
    public GameRoomRow? Room { get; } = room;

    public async Task<bool> UserExistsAsync(long userId)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM users WHERE id = @userId AND deleted_at IS NULL)";
        return await connection.ExecuteScalarAsync<bool>(Command(sql, new { userId }));
    }

    /// <summary>pending → active with the opponent, the first turn and the initial board (null keeps "{}"); the new updated_at.</summary>
    public async Task<DateTime> StartAsync(long opponentId, long nextTurnId, string? board)
    {
        const string sql = """
            UPDATE game_rooms
            SET status = 'active', opponent_id = @opponentId, next_turn_id = @nextTurnId,
                current_state = COALESCE(@board::jsonb, current_state, '{}'::jsonb), updated_at = NOW()
            WHERE id = @id
            RETURNING updated_at
            """;
        return await connection.ExecuteScalarAsync<DateTime>(Command(sql, new { id = Room!.Id, opponentId, nextTurnId, board }));
    }

    /// <summary>Stores the move as the room's next move number (safe under the row lock; the unique index backs it) and the room's new state.</summary>
    public async Task RecordMoveAsync(long userId, string moveData, string board, string status, long nextTurnId, long? winnerId, bool isDraw)
    {
        const string sql = """
            INSERT INTO game_moves (game_room_id, user_id, move_data, move_number)
            SELECT @id, @userId, @moveData::jsonb, COALESCE(MAX(move_number), 0) + 1 FROM game_moves WHERE game_room_id = @id;
            UPDATE game_rooms
            SET current_state = @board::jsonb, status = @status, next_turn_id = @nextTurnId, winner_id = @winnerId,
                is_draw = @isDraw, updated_at = NOW()
            WHERE id = @id;
            """;
        await connection.ExecuteAsync(Command(sql, new { id = Room!.Id, userId, moveData, board, status, nextTurnId, winnerId, isDraw }));
    }

    /// <summary>Adds one finished game to the user's stats of the type.</summary>
    public async Task AddStatsAsync(long userId, string gameType, int wins, int losses, int draws, int points)
    {
        const string sql = """
            INSERT INTO game_stats (user_id, game_type, wins, losses, draws, total_games, points)
            VALUES (@userId, @gameType, @wins, @losses, @draws, 1, @points)
            ON CONFLICT (user_id, game_type) DO UPDATE
            SET wins = game_stats.wins + EXCLUDED.wins, losses = game_stats.losses + EXCLUDED.losses,
                draws = game_stats.draws + EXCLUDED.draws, total_games = game_stats.total_games + 1,
                points = game_stats.points + EXCLUDED.points
            """;
        await connection.ExecuteAsync(Command(sql, new { userId, gameType, wins, losses, draws, points }));
    }

    public async Task CancelAsync()
    {
        const string sql = """
            UPDATE game_rooms SET status = 'cancelled', opponent_id = NULL, winner_id = NULL, next_turn_id = 0, updated_at = NOW()
            WHERE id = @id
            """;
        await connection.ExecuteAsync(Command(sql, new { id = Room!.Id }));
    }

    public Task CommitAsync() => tx.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await tx.DisposeAsync();
        await connection.DisposeAsync();
    }

    private CommandDefinition Command(string sql, object parameters) => new(sql, parameters, tx, cancellationToken: cancellationToken);
}
