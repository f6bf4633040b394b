using Npgsql;

namespace Sanctum.Api.Infrastructure.Data;

public static class PostgresErrors
{
    /// <summary>True when the exception is a unique violation of the named constraint or index.</summary>
    public static bool IsUniqueViolationOf(this PostgresException exception, string constraint) =>
        exception.SqlState == PostgresErrorCodes.UniqueViolation && exception.ConstraintName == constraint;
}
