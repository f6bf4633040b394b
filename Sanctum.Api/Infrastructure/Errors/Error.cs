namespace Sanctum.Api.Infrastructure.Errors;

public enum ErrorKind
{
    Validation,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    RateLimited,
    Unavailable,
}

/// <summary>An expected failure a service reports instead of throwing; handlers turn it into problem details.</summary>
public sealed record Error(ErrorKind Kind, string Message)
{
    public static Error Validation(string message) => new(ErrorKind.Validation, message);
    public static Error Unauthorized(string message) => new(ErrorKind.Unauthorized, message);
    public static Error Forbidden(string message) => new(ErrorKind.Forbidden, message);
    public static Error Conflict(string message) => new(ErrorKind.Conflict, message);
    public static Error RateLimited(string message) => new(ErrorKind.RateLimited, message);
    public static Error Unavailable(string message) => new(ErrorKind.Unavailable, message);

    /// <summary>The original's wording: "&lt;Resource&gt; with ID &lt;id&gt; not found".</summary>
    public static Error NotFound(string resource, object id) => new(ErrorKind.NotFound, $"{resource} with ID {id} not found");
}

/// <summary>Either a value or an <see cref="Error"/>.</summary>
public readonly struct Result<T>
{
    private Result(T? value, Error? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public Error? Error { get; }

    /// <summary>A success. The implicit conversion cannot do this for an interface-typed value such as
    /// <c>IReadOnlyList&lt;T&gt;</c> (C# applies no user-defined conversion from an interface).</summary>
    public static Result<T> Success(T value) => new(value, null);

    public static implicit operator Result<T>(T value) => new(value, null);
    public static implicit operator Result<T>(Error error) => new(default, error);
}

/// <summary>Success without a value, or an <see cref="Errors.Error"/>.</summary>
public readonly struct Result
{
    private Result(Error? error) => Error = error;

    public Error? Error { get; }

    public static Result Ok => default;

    /// <summary><see cref="Result{T}.Success"/> with <typeparamref name="T"/> inferred from the value's static type.</summary>
    public static Result<T> Success<T>(T value) => Result<T>.Success(value);

    public static implicit operator Result(Error error) => new(error);
}
