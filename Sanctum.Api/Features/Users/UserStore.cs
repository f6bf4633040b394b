using Dapper;
using Npgsql;

namespace Sanctum.Api.Features.Users;

/// <summary>SQL for the users table. Soft-deleted users are invisible everywhere.</summary>
public sealed class UserStore(NpgsqlDataSource db)
{
    public const string Columns = """
        id, username, email, bio, avatar, is_admin, is_banned, banned_at, banned_reason, banned_by_user_id, created_at, updated_at
        """;

    public const string UsernameUniqueIndex = "uq_users_username";
    public const string EmailUniqueIndex = "uq_users_email";

    public async Task<UserRow?> FindByIdAsync(long id, CancellationToken cancellationToken)
    {
        const string sql = $"SELECT {Columns} FROM users WHERE id = @id AND deleted_at IS NULL";
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(sql, new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>The row plus its password hash, for login.</summary>
    public async Task<(UserRow User, string PasswordHash)?> FindCredentialsByEmailAsync(string email, CancellationToken cancellationToken)
    {
        const string sql = $"SELECT {Columns}, password FROM users WHERE lower(email) = lower(@email) AND deleted_at IS NULL";
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<UserRow, string, (UserRow, string)>(
            new CommandDefinition(sql, new { email }, cancellationToken: cancellationToken),
            (user, password) => (user, password),
            splitOn: "password");
        return rows.Cast<(UserRow, string)?>().SingleOrDefault();
    }

    public async Task<bool> EmailExistsAsync(string email, CancellationToken cancellationToken)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower(@email))";
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(sql, new { email }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Inserts a user and runs <paramref name="beforeCommit"/> in the same transaction: the row is committed only once
    /// it completes, so when it throws no user is left behind. A duplicate username or email raises a unique violation.
    /// </summary>
    public async Task<T> InsertAsync<T>(
        string username, string email, string passwordHash, Func<UserRow, Task<T>> beforeCommit, CancellationToken cancellationToken)
    {
        const string sql = $"""
            INSERT INTO users (username, email, password) VALUES (@username, @email, @passwordHash)
            RETURNING {Columns}
            """;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var user = await connection.QuerySingleAsync<UserRow>(
            new CommandDefinition(sql, new { username, email, passwordHash }, transaction, cancellationToken: cancellationToken));
        var result = await beforeCommit(user);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public async Task<IReadOnlyList<UserRow>> ListAsync(int limit, int offset, CancellationToken cancellationToken)
    {
        const string sql = $"SELECT {Columns} FROM users WHERE deleted_at IS NULL ORDER BY id LIMIT @limit OFFSET @offset";
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<UserRow>(new CommandDefinition(sql, new { limit, offset }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Sets only the given profile columns (null = unchanged); the password column is never touched.</summary>
    public async Task<UserRow?> UpdateProfileAsync(long id, string? username, string? bio, string? avatar, CancellationToken cancellationToken)
    {
        const string sql = $"""
            UPDATE users SET
                username = COALESCE(@username, username),
                bio = COALESCE(@bio, bio),
                avatar = COALESCE(@avatar, avatar),
                updated_at = NOW()
            WHERE id = @id AND deleted_at IS NULL
            RETURNING {Columns}
            """;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(sql, new { id, username, bio, avatar }, cancellationToken: cancellationToken));
    }

    /// <summary>Sets the global admin flag; null when the user does not exist.</summary>
    public async Task<UserRow?> SetAdminAsync(long id, bool isAdmin, CancellationToken cancellationToken)
    {
        const string sql = $"""
            UPDATE users SET is_admin = @isAdmin, updated_at = NOW()
            WHERE id = @id AND deleted_at IS NULL
            RETURNING {Columns}
            """;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(sql, new { id, isAdmin }, cancellationToken: cancellationToken));
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
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, new { username, email, passwordHash }, cancellationToken: cancellationToken));
    }
}
