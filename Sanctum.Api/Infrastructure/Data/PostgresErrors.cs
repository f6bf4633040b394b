using Npgsql;

namespace Sanctum.Api.Infrastructure.Data;

/// <summary>Recognizes the constraint violations a store translates into a <see cref="Violation"/>.</summary>
public static class PostgresErrors
{
    /// <summary>True when the exception is a unique violation of the named constraint or index.</summary>
    public static bool IsUniqueViolationOf(this PostgresException exception, string constraint) =>
        exception.SqlState == PostgresErrorCodes.UniqueViolation && exception.ConstraintName == constraint;

    /// <summary>True when the exception is a foreign key violation of the named constraint.</summary>
    public static bool IsForeignKeyViolationOf(this PostgresException exception, string constraint) =>
        exception.SqlState == PostgresErrorCodes.ForeignKeyViolation && exception.ConstraintName == constraint;

    /// <summary>True when the exception is a foreign key violation of any constraint.</summary>
    public static bool IsForeignKeyViolation(this PostgresException exception) =>
        exception.SqlState == PostgresErrorCodes.ForeignKeyViolation;
}
