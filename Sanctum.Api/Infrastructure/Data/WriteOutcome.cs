namespace Sanctum.Api.Infrastructure.Data;

/// <summary>The constraint violation a store knows and translates, so services never see a <c>PostgresException</c>.</summary>
public enum Violation
{
    /// <summary>The write happened.</summary>
    None,

    /// <summary>A unique constraint refused the write: the name, slug or email is taken.</summary>
    Duplicate,

    /// <summary>A foreign key refused the write: a referenced row does not exist (any more).</summary>
    MissingReference,
}

/// <summary>
/// A store write that a known constraint may refuse: the written value when <see cref="Violation"/> is
/// <see cref="Violation.None"/>, otherwise nothing was written. Unknown violations still throw.
/// </summary>
public readonly record struct WriteOutcome<T>(T Value, Violation Violation)
{
    public static implicit operator WriteOutcome<T>(T value) => new(value, Violation.None);

    public static implicit operator WriteOutcome<T>(Violation violation) => new(default!, violation);
}
