using Dapper;
using Npgsql;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Features.Sanctums;

/// <summary>An approval's outcome: the request as approved and the sanctum it created.</summary>
public sealed record ApprovedSanctum(SanctumRequestRow Request, SanctumDto Sanctum);

/// <summary>SQL for sanctum requests, including the approval transaction.</summary>
public sealed class SanctumRequestStore(NpgsqlDataSource db)
{
    public const string Columns = """
        r.id, r.requested_name, r.requested_slug, r.reason, r.requested_by_user_id, r.status,
        r.reviewed_by_user_id, r.review_notes, r.created_at, r.updated_at
        """;

    /// <summary>The partial unique index on pending slugs (migration 0002).</summary>
    private const string PendingSlugUniqueIndex = "uq_sanctum_requests_pending_slug";

    /// <summary>A request with its requester and reviewer (either may be missing), one JOIN each.</summary>
    private const string WithUsers = $"""
        SELECT {Columns}, ru.*, rv.*
        FROM sanctum_requests r
        LEFT JOIN (SELECT {UserStore.Columns} FROM users u WHERE u.deleted_at IS NULL) ru ON ru.id = r.requested_by_user_id
        LEFT JOIN (SELECT {UserStore.Columns} FROM users u WHERE u.deleted_at IS NULL) rv ON rv.id = r.reviewed_by_user_id
        """;

    /// <summary>Inserts a pending request; <see cref="Violation.Duplicate"/> when a pending request already has the slug.</summary>
    public async Task<WriteOutcome<SanctumRequestRow>> InsertAsync(string name, string slug, string reason, long userId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            INSERT INTO sanctum_requests AS r (requested_name, requested_slug, reason, requested_by_user_id)
            VALUES (@name, @slug, @reason, @userId)
            RETURNING {Columns}
            """;
        try
        {
            return await db.QuerySingleAsync<SanctumRequestRow>(sql, new { name, slug, reason, userId }, cancellationToken);
        }
        catch (PostgresException ex) when (ex.IsUniqueViolationOf(PendingSlugUniqueIndex))
        {
            return Violation.Duplicate;
        }
    }

    public async Task<bool> PendingSlugExistsAsync(string slug, CancellationToken cancellationToken)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM sanctum_requests WHERE requested_slug = @slug AND status = 'pending')";
        return await db.ExecuteScalarAsync<bool>(sql, new { slug }, cancellationToken);
    }

    public async Task<SanctumRequestRow?> FindAsync(long id, CancellationToken cancellationToken)
    {
        const string sql = $"SELECT {Columns} FROM sanctum_requests r WHERE r.id = @id";
        return await db.QuerySingleOrDefaultAsync<SanctumRequestRow>(sql, new { id }, cancellationToken);
    }

    public async Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        const string sql = "DELETE FROM sanctum_requests WHERE id = @id";
        await db.ExecuteAsync(sql, new { id }, cancellationToken);
    }

    /// <summary>The user's requests, newest first, with requester and reviewer.</summary>
    public Task<IReadOnlyList<SanctumRequestDto>> ListByRequesterAsync(long userId, Page page, CancellationToken cancellationToken)
    {
        const string sql = $"{WithUsers} WHERE r.requested_by_user_id = @userId ORDER BY r.created_at DESC, r.id DESC LIMIT @limit OFFSET @offset";
        return QueryWithUsersAsync(sql, new { userId, limit = page.Limit, offset = page.Offset }, cancellationToken);
    }

    /// <summary>Requests in one status, oldest first, with requester and reviewer.</summary>
    public Task<IReadOnlyList<SanctumRequestDto>> ListByStatusAsync(string status, Page page, CancellationToken cancellationToken)
    {
        const string sql = $"{WithUsers} WHERE r.status = @status ORDER BY r.created_at, r.id LIMIT @limit OFFSET @offset";
        return QueryWithUsersAsync(sql, new { status, limit = page.Limit, offset = page.Offset }, cancellationToken);
    }

    /// <summary>
    /// Approves in one transaction: locks the request row (FOR UPDATE), lets <paramref name="check"/> refuse it
    /// (null when it does not exist), then creates the active sanctum, the requester's owner membership and the
    /// default group room, and marks the request approved. <see cref="Violation.Duplicate"/> when a sanctum already
    /// has the slug (<see cref="SanctumStore.SlugUniqueIndex"/>); nothing is written then.
    /// </summary>
    public async Task<WriteOutcome<Result<ApprovedSanctum>>> ApproveAsync(
        long id, long reviewerId, string notes, Func<SanctumRequestRow?, Error?> check, CancellationToken cancellationToken)
    {
        const string lockSql = $"SELECT {Columns} FROM sanctum_requests r WHERE r.id = @id FOR UPDATE";
        const string createSql = """
            WITH s AS (
                INSERT INTO sanctums (name, slug, description, created_by_user_id, status)
                VALUES (@name, @slug, @description, @ownerId, 'active')
                RETURNING *
            ), m AS (
                INSERT INTO sanctum_memberships (sanctum_id, user_id, role) SELECT id, @ownerId, 'owner' FROM s
            ), c AS (
                INSERT INTO conversations (name, is_group, created_by, sanctum_id) SELECT name, TRUE, @ownerId, id FROM s
                RETURNING id
            )
            SELECT s.id, s.name, s.slug, s.description, s.created_by_user_id, s.status, s.created_at, s.updated_at,
                   c.id AS default_chat_room_id
            FROM s, c
            """;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var request = await connection.QuerySingleOrDefaultAsync<SanctumRequestRow>(new CommandDefinition(lockSql, new { id }, tx, cancellationToken: cancellationToken));
        if (check(request) is { } error)
        {
            return (Result<ApprovedSanctum>)error;
        }
        SanctumDto sanctum;
        try
        {
            sanctum = await connection.QuerySingleAsync<SanctumDto>(new CommandDefinition(createSql,
                new { name = request!.RequestedName, slug = request.RequestedSlug, description = request.Reason, ownerId = request.RequestedByUserId },
                tx, cancellationToken: cancellationToken));
        }
        catch (PostgresException ex) when (ex.IsUniqueViolationOf(SanctumStore.SlugUniqueIndex))
        {
            // The transaction is aborted; disposing it rolls back.
            return Violation.Duplicate;
        }
        var approved = await connection.QuerySingleOrDefaultAsync<SanctumRequestRow>(new CommandDefinition(ReviewSql,
            new { id, status = SanctumRequestStatuses.Approved, reviewerId, notes }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return (Result<ApprovedSanctum>)new ApprovedSanctum(approved!, sanctum);
    }

    /// <summary>Rejects a pending request; null when it is missing or no longer pending.</summary>
    public Task<SanctumRequestRow?> RejectPendingAsync(long id, long reviewerId, string notes, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<SanctumRequestRow>(ReviewSql,
            new { id, status = SanctumRequestStatuses.Rejected, reviewerId, notes }, cancellationToken);

    /// <summary>Marks a pending request reviewed; no row when it is missing or no longer pending.</summary>
    private const string ReviewSql = $"""
        UPDATE sanctum_requests AS r
        SET status = @status, reviewed_by_user_id = @reviewerId, review_notes = @notes, updated_at = NOW()
        WHERE r.id = @id AND r.status = 'pending'
        RETURNING {Columns}
        """;

    private Task<IReadOnlyList<SanctumRequestDto>> QueryWithUsersAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        db.QueryListAsync<SanctumRequestRow, UserRow, UserRow, SanctumRequestDto>(sql, parameters,
            static (request, requester, reviewer) => request.ToDto(requester, reviewer), splitOn: "id,id", cancellationToken);
}
