using Dapper;
using Npgsql;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Users;

/// <summary>SQL for the users table. Soft-deleted users are invisible everywhere.</summary>
public sealed class UserStore(NpgsqlDataSource db)
{
    /// <summary>
    /// The columns of <see cref="UserRow"/> for <c>users</c> aliased <c>u</c>: the one list every store that reads a
    /// user (alone or embedded after another row, split on <c>id</c>) selects, so a user is read the same everywhere.
    /// </summary>
    public const string Columns = """
        u.id, u.username, u.email, u.bio, u.avatar, u.is_admin, u.is_banned, u.banned_at, u.banned_reason,
        u.banned_by_user_id, u.created_at, u.updated_at
        """;

    private const string UsernameUniqueIndex = "uq_users_username";
    private const string EmailUniqueIndex = "uq_users_email";

    public async Task<UserRow?> FindByIdAsync(long id, CancellationToken cancellationToken)
    {
        const string sql = $"SELECT {Columns} FROM users u WHERE id = @id AND deleted_at IS NULL";
        return await db.QuerySingleOrDefaultAsync<UserRow>(sql, new { id }, cancellationToken);
    }

    /// <summary>The row plus its password hash, for login.</summary>
    public async Task<(UserRow User, string PasswordHash)?> FindCredentialsByEmailAsync(string email, CancellationToken cancellationToken)
    {
        const string sql = $"SELECT {Columns}, password FROM users u WHERE lower(email) = lower(@email) AND deleted_at IS NULL";
        var rows = await db.QueryListAsync<UserRow, string, (UserRow, string)>(
            sql, new { email }, static (user, password) => (user, password), splitOn: "password", cancellationToken);
        return rows.Cast<(UserRow, string)?>().SingleOrDefault();
    }

    public async Task<bool> EmailExistsAsync(string email, CancellationToken cancellationToken)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower(@email))";
        return await db.ExecuteScalarAsync<bool>(sql, new { email }, cancellationToken);
    }

    /// <summary>
    /// Inserts a user and runs <paramref name="beforeCommit"/> in the same transaction: the row is committed only once
    /// it completes, so when it throws no user is left behind. <see cref="Violation.Duplicate"/> when the username or
    /// email is taken.
    /// </summary>
    public async Task<WriteOutcome<T>> InsertAsync<T>(
        string username, string email, string passwordHash, Func<UserRow, Task<T>> beforeCommit, CancellationToken cancellationToken)
    {
        const string sql = $"""
            INSERT INTO users AS u (username, email, password) VALUES (@username, @email, @passwordHash)
            RETURNING {Columns}
            """;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        UserRow user;
        try
        {
            user = await connection.QuerySingleAsync<UserRow>(
                new CommandDefinition(sql, new { username, email, passwordHash }, transaction, cancellationToken: cancellationToken));
        }
        catch (PostgresException ex) when (ex.IsUniqueViolationOf(UsernameUniqueIndex) || ex.IsUniqueViolationOf(EmailUniqueIndex))
        {
            return Violation.Duplicate;
        }
        var result = await beforeCommit(user);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public Task<IReadOnlyList<UserRow>> ListAsync(int limit, int offset, CancellationToken cancellationToken)
    {
        const string sql = $"SELECT {Columns} FROM users u WHERE deleted_at IS NULL ORDER BY id LIMIT @limit OFFSET @offset";
        return db.QueryListAsync<UserRow>(sql, new { limit, offset }, cancellationToken);
    }

    /// <summary>Sets only the given profile columns (null = unchanged); the password column is never touched.
    /// A null row when the user does not exist; <see cref="Violation.Duplicate"/> when the username is taken.</summary>
    public async Task<WriteOutcome<UserRow?>> UpdateProfileAsync(long id, string? username, string? bio, string? avatar, CancellationToken cancellationToken)
    {
        const string sql = $"""
            UPDATE users u SET
                username = COALESCE(@username, username),
                bio = COALESCE(@bio, bio),
                avatar = COALESCE(@avatar, avatar),
                updated_at = NOW()
            WHERE id = @id AND deleted_at IS NULL
            RETURNING {Columns}
            """;
        try
        {
            return await db.QuerySingleOrDefaultAsync<UserRow>(sql, new { id, username, bio, avatar }, cancellationToken);
        }
        catch (PostgresException ex) when (ex.IsUniqueViolationOf(UsernameUniqueIndex))
        {
            return Violation.Duplicate;
        }
    }

    /// <summary>Sets the global admin flag; null when the user does not exist.</summary>
    public async Task<UserRow?> SetAdminAsync(long id, bool isAdmin, CancellationToken cancellationToken)
    {
        const string sql = $"""
            UPDATE users u SET is_admin = @isAdmin, updated_at = NOW()
            WHERE id = @id AND deleted_at IS NULL
            RETURNING {Columns}
            """;
        return await db.QuerySingleOrDefaultAsync<UserRow>(sql, new { id, isAdmin }, cancellationToken);
    }

    /// <summary>Sets the ban fields (contract 13); false when the user does not exist. A repeated ban re-stamps them.</summary>
    public async Task<bool> BanAsync(long id, string reason, long bannedByUserId, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE users SET is_banned = TRUE, banned_at = NOW(), banned_reason = @reason, banned_by_user_id = @bannedByUserId,
                updated_at = NOW()
            WHERE id = @id AND deleted_at IS NULL
            """;
        return await db.ExecuteAsync(sql, new { id, reason, bannedByUserId }, cancellationToken) > 0;
    }

    /// <summary>Clears every ban field; false when the user does not exist.</summary>
    public async Task<bool> UnbanAsync(long id, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE users SET is_banned = FALSE, banned_at = NULL, banned_reason = '', banned_by_user_id = NULL, updated_at = NOW()
            WHERE id = @id AND deleted_at IS NULL
            """;
        return await db.ExecuteAsync(sql, new { id }, cancellationToken) > 0;
    }

    /// <summary>Creates the account or resets its credentials and admin flag (development root admin).</summary>
    public async Task<long> UpsertAdminAsync(string username, string email, string passwordHash, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO users (username, email, password, is_admin) VALUES (@username, @email, @passwordHash, TRUE)
            ON CONFLICT ((lower(username))) DO UPDATE
                SET email = EXCLUDED.email, password = EXCLUDED.password, is_admin = TRUE, deleted_at = NULL, updated_at = NOW()
            RETURNING id
            """;
        return await db.ExecuteScalarAsync<long>(sql, new { username, email, passwordHash }, cancellationToken);
    }
}
