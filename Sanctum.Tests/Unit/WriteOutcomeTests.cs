using Npgsql;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Tests.Unit;

/// <summary>The pieces stores use to turn a known constraint violation into a typed outcome.</summary>
public sealed class WriteOutcomeTests
{
    private static PostgresException Failure(string sqlState, string constraint) =>
        new("violation", "ERROR", "ERROR", sqlState, constraintName: constraint);

    [Fact]
    public void Unique_violation_is_recognized_only_for_its_constraint()
    {
        var ex = Failure(PostgresErrorCodes.UniqueViolation, "uq_users_username");

        Assert.True(ex.IsUniqueViolationOf("uq_users_username"));
        Assert.False(ex.IsUniqueViolationOf("uq_users_email"));
        Assert.False(ex.IsForeignKeyViolation());
    }

    [Fact]
    public void Foreign_key_violation_is_recognized_by_constraint_or_any()
    {
        var ex = Failure(PostgresErrorCodes.ForeignKeyViolation, "fk_posts_sanctum");

        Assert.True(ex.IsForeignKeyViolationOf("fk_posts_sanctum"));
        Assert.False(ex.IsForeignKeyViolationOf("fk_comments_parent"));
        Assert.True(ex.IsForeignKeyViolation());
        Assert.False(ex.IsUniqueViolationOf("fk_posts_sanctum"));
    }

    [Fact]
    public void A_value_converts_to_a_written_outcome()
    {
        WriteOutcome<long> outcome = 42L;

        Assert.Equal(Violation.None, outcome.Violation);
        Assert.Equal(42L, outcome.Value);
    }

    [Fact]
    public void A_violation_converts_to_an_outcome_without_a_value()
    {
        WriteOutcome<string?> outcome = Violation.Duplicate;

        Assert.Equal(Violation.Duplicate, outcome.Violation);
        Assert.Null(outcome.Value);
    }
}
