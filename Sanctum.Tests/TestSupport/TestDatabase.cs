using Npgsql;

namespace Sanctum.Tests.TestSupport;

/// <summary>Direct SQL against the app's database, for arranging state no route can make and asserting rows no route
/// exposes. One data source per app, opened by the fixture.</summary>
public static class TestDatabase
{
    public static async Task<int> ExecuteSqlAsync(this SanctumAppFixture fixture, string sql, params NpgsqlParameter[] parameters)
    {
        await using var command = Command(fixture, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of the first row.</summary>
    public static async Task<T> ScalarAsync<T>(this SanctumAppFixture fixture, string sql, params NpgsqlParameter[] parameters)
    {
        await using var command = Command(fixture, sql, parameters);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static NpgsqlCommand Command(SanctumAppFixture fixture, string sql, NpgsqlParameter[] parameters)
    {
        var command = fixture.Database.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }
}
