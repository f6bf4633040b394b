using Dapper;
using Npgsql;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Sanctums;

/// <summary>SQL for sanctums, their default rooms and memberships.</summary>
public sealed class SanctumStore(NpgsqlDataSource db)
{
    /// <summary>The columns of <see cref="SanctumDto"/>, for <c>sanctums s LEFT JOIN conversations c</c> (see <see cref="From"/>).</summary>
    public const string Columns = """
        s.id, s.name, s.slug, s.description, s.created_by_user_id, s.status, s.created_at, s.updated_at, c.id AS default_chat_room_id
        """;

    /// <summary>A sanctum with its live default room, if it has one.</summary>
    public const string From = "sanctums s LEFT JOIN conversations c ON c.sanctum_id = s.id AND c.deleted_at IS NULL";

    public const string SlugUniqueIndex = "uq_sanctums_slug";

    private const string MembershipColumns = "m.sanctum_id, m.user_id, m.role, m.created_at, m.updated_at";

    public async Task<IReadOnlyList<SanctumDto>> ListActiveAsync(int limit, CancellationToken cancellationToken)
    {
        const string sql = $"SELECT {Columns} FROM {From} WHERE s.status = 'active' ORDER BY s.name, s.id LIMIT @limit";
        return await db.QueryListAsync<SanctumDto>(sql, new { limit }, cancellationToken);
    }

    /// <summary>The sanctum with this slug in any status, or only when active.</summary>
    public async Task<SanctumDto?> FindBySlugAsync(string slug, bool activeOnly, CancellationToken cancellationToken)
    {
        const string sql = $"SELECT {Columns} FROM {From} WHERE s.slug = @slug AND (NOT @activeOnly OR s.status = 'active')";
        return await db.QuerySingleOrDefaultAsync<SanctumDto>(sql, new { slug, activeOnly }, cancellationToken);
    }

    public async Task<bool> SlugExistsAsync(string slug, CancellationToken cancellationToken)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM sanctums WHERE slug = @slug)";
        return await db.ExecuteScalarAsync<bool>(sql, new { slug }, cancellationToken);
    }

    /// <summary>Ids of the active sanctums among the slugs (unknown and inactive slugs are left out).</summary>
    public async Task<IReadOnlyList<long>> FindActiveIdsAsync(IReadOnlyList<string> slugs, CancellationToken cancellationToken)
    {
        const string sql = "SELECT id FROM sanctums WHERE slug = ANY(@slugs) AND status = 'active'";
        return await db.QueryListAsync<long>(sql, new { slugs = slugs.ToArray() }, cancellationToken);
    }

    /// <summary>Deletes the sanctum (any status), its memberships, and soft-deletes its rooms, in one transaction.
    /// Posts keep existing: their <c>sanctum_id</c> foreign key sets itself to null. False when the slug is unknown.</summary>
    public async Task<bool> DeleteAsync(string slug, CancellationToken cancellationToken)
    {
        const string lockSql = "SELECT id FROM sanctums WHERE slug = @slug FOR UPDATE";
        const string deleteSql = """
            DELETE FROM sanctum_memberships WHERE sanctum_id = @id;
            UPDATE conversations SET deleted_at = NOW(), updated_at = NOW() WHERE sanctum_id = @id AND deleted_at IS NULL;
            DELETE FROM sanctums WHERE id = @id;
            """;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(lockSql, new { slug }, tx, cancellationToken: cancellationToken));
        if (id is null)
        {
            return false;
        }
        await connection.ExecuteAsync(new CommandDefinition(deleteSql, new { id }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The caller's memberships with their sanctums, oldest first.</summary>
    public Task<IReadOnlyList<SanctumMembershipDto>> ListMembershipsAsync(long userId, Page page, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT {MembershipColumns}, {Columns}
            FROM sanctum_memberships m JOIN {From} ON s.id = m.sanctum_id
            WHERE m.user_id = @userId
            ORDER BY m.created_at, m.sanctum_id
            LIMIT @limit OFFSET @offset
            """;
        return db.QueryListAsync<SanctumMembershipRow, SanctumDto, SanctumMembershipDto>(
            sql, new { userId, limit = page.Limit, offset = page.Offset }, ToMembership, splitOn: "id", cancellationToken);
    }

    /// <summary>
    /// Makes the listed sanctums the caller's follow list in one transaction: member rows for other sanctums are
    /// deleted (owner and mod rows never are), each listed sanctum gets a row (new ones as member, existing ones keep
    /// their role and only bump <c>updated_at</c>). Returns the listed memberships, oldest first, or
    /// <see cref="Violation.MissingReference"/> (nothing written) when a listed sanctum no longer exists.
    /// </summary>
    public async Task<WriteOutcome<IReadOnlyList<SanctumMembershipDto>>> ReplaceFollowsAsync(long userId, IReadOnlyList<long> sanctumIds, CancellationToken cancellationToken)
    {
        const string writeSql = """
            DELETE FROM sanctum_memberships WHERE user_id = @userId AND role = 'member' AND NOT (sanctum_id = ANY(@ids));
            INSERT INTO sanctum_memberships (sanctum_id, user_id, role)
            SELECT id, @userId, 'member' FROM unnest(@ids) AS id
            ON CONFLICT (sanctum_id, user_id) DO UPDATE SET updated_at = NOW();
            """;
        const string readSql = $"""
            SELECT {MembershipColumns}, {Columns}
            FROM sanctum_memberships m JOIN {From} ON s.id = m.sanctum_id
            WHERE m.user_id = @userId AND m.sanctum_id = ANY(@ids)
            ORDER BY m.created_at, m.sanctum_id
            """;
        var ids = sanctumIds.ToArray();
        try
        {
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(writeSql, new { userId, ids }, tx, cancellationToken: cancellationToken));
            var memberships = (await connection.QueryAsync<SanctumMembershipRow, SanctumDto, SanctumMembershipDto>(
                new CommandDefinition(readSql, new { userId, ids }, tx, cancellationToken: cancellationToken), ToMembership, splitOn: "id")).AsList();
            await tx.CommitAsync(cancellationToken);
            return new WriteOutcome<IReadOnlyList<SanctumMembershipDto>>(memberships, Violation.None);
        }
        catch (PostgresException ex) when (ex.IsForeignKeyViolation())
        {
            // A listed sanctum was deleted between the caller's check and this write.
            return Violation.MissingReference;
        }
    }

    public async Task<string?> FindRoleAsync(long sanctumId, long userId, CancellationToken cancellationToken)
    {
        const string sql = "SELECT role FROM sanctum_memberships WHERE sanctum_id = @sanctumId AND user_id = @userId";
        return await db.QuerySingleOrDefaultAsync<string>(sql, new { sanctumId, userId }, cancellationToken);
    }

    /// <summary>Owner and mod memberships with the members' names, oldest first.</summary>
    public async Task<IReadOnlyList<SanctumAdminDto>> ListAdminsAsync(long sanctumId, Page page, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT m.user_id, u.username, u.email, m.role, m.created_at, m.updated_at
            FROM sanctum_memberships m JOIN users u ON u.id = m.user_id AND u.deleted_at IS NULL
            WHERE m.sanctum_id = @sanctumId AND m.role IN ('owner', 'mod')
            ORDER BY m.created_at, m.user_id
            LIMIT @limit OFFSET @offset
            """;
        return await db.QueryListAsync<SanctumAdminDto>(sql, new { sanctumId, limit = page.Limit, offset = page.Offset }, cancellationToken);
    }

    /// <summary>Makes the user a mod (creating the membership if needed); an owner row is left exactly as it is.
    /// Returns the resulting row, or null when the user does not exist.</summary>
    public async Task<SanctumAdminDto?> PromoteToModAsync(long sanctumId, long userId, CancellationToken cancellationToken)
    {
        const string sql = """
            WITH target AS (SELECT id FROM users WHERE id = @userId AND deleted_at IS NULL)
            INSERT INTO sanctum_memberships (sanctum_id, user_id, role)
            SELECT @sanctumId, id, 'mod' FROM target
            ON CONFLICT (sanctum_id, user_id) DO UPDATE SET role = 'mod', updated_at = NOW()
                WHERE sanctum_memberships.role <> 'owner';
            """;
        await db.ExecuteAsync(sql, new { sanctumId, userId }, cancellationToken);
        return await FindAdminAsync(sanctumId, userId, cancellationToken);
    }

    /// <summary>Sets a non-owner membership back to member; returns the row afterwards (unchanged for an owner).</summary>
    public async Task<SanctumAdminDto?> DemoteToMemberAsync(long sanctumId, long userId, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE sanctum_memberships SET role = 'member', updated_at = NOW()
            WHERE sanctum_id = @sanctumId AND user_id = @userId AND role <> 'owner'
            """;
        await db.ExecuteAsync(sql, new { sanctumId, userId }, cancellationToken);
        return await FindAdminAsync(sanctumId, userId, cancellationToken);
    }

    private Task<SanctumAdminDto?> FindAdminAsync(long sanctumId, long userId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT m.user_id, u.username, u.email, m.role, m.created_at, m.updated_at
            FROM sanctum_memberships m JOIN users u ON u.id = m.user_id AND u.deleted_at IS NULL
            WHERE m.sanctum_id = @sanctumId AND m.user_id = @userId
            """;
        return db.QuerySingleOrDefaultAsync<SanctumAdminDto>(sql, new { sanctumId, userId }, cancellationToken);
    }

    private static SanctumMembershipDto ToMembership(SanctumMembershipRow membership, SanctumDto sanctum) => membership.ToDto(sanctum);
}
