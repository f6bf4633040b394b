using Dapper;
using Npgsql;

namespace Sanctum.Api.Infrastructure.Data;

/// <summary>
/// One-statement Dapper reads and writes on a pooled connection: each rents a connection from the data source,
/// runs one <see cref="CommandDefinition"/> with the caller's cancellation token and returns the connection at once.
/// Statements that must share a transaction open their connection and transaction explicitly instead.
/// </summary>
public static class DataSourceExtensions
{
    /// <summary>All rows, materialized (Dapper's buffered read).</summary>
    public static async Task<IReadOnlyList<T>> QueryListAsync<T>(
        this NpgsqlDataSource db, string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Rows that join two mapped types (for example a post and its author), split on <paramref name="splitOn"/>.</summary>
    public static async Task<IReadOnlyList<TResult>> QueryListAsync<T1, T2, TResult>(
        this NpgsqlDataSource db, string sql, object? parameters, Func<T1, T2, TResult> map, string splitOn, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken), map, splitOn);
        return rows.AsList();
    }

    /// <summary>Rows that join three mapped types (for example a request, its requester and its reviewer).</summary>
    public static async Task<IReadOnlyList<TResult>> QueryListAsync<T1, T2, T3, TResult>(
        this NpgsqlDataSource db, string sql, object? parameters, Func<T1, T2, T3, TResult> map, string splitOn, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken), map, splitOn);
        return rows.AsList();
    }

    /// <summary>The one row, or default when there is none; more than one row throws.</summary>
    public static async Task<T?> QuerySingleOrDefaultAsync<T>(
        this NpgsqlDataSource db, string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    /// <summary>Exactly one row; none or more throws.</summary>
    public static async Task<T> QuerySingleAsync<T>(
        this NpgsqlDataSource db, string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    /// <summary>The number of rows affected.</summary>
    public static async Task<int> ExecuteAsync(
        this NpgsqlDataSource db, string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    /// <summary>The first column of the first row.</summary>
    public static async Task<T?> ExecuteScalarAsync<T>(
        this NpgsqlDataSource db, string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }
}
