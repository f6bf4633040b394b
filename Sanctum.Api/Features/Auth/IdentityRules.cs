using System.Text;
using System.Text.RegularExpressions;
using FluentValidation;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Auth;

/// <summary>Identity rules of contract 1.2, shared by signup and profile updates. Lengths are in bytes, as in the original.
/// Validators using them set <c>RuleLevelCascadeMode = CascadeMode.Stop</c> so only the first broken rule is reported.</summary>
public static partial class IdentityRules
{
    private const string Specials = "!@#$%^&*()_+-=[]{};':\"\\|,.<>/?";

    public static IRuleBuilderOptions<T, string> ValidUsername<T>(this IRuleBuilder<T, string> rule) =>
        rule
            .Must(username => Encoding.UTF8.GetByteCount(username) >= 3).WithMessage("username must be at least 3 characters long")
            .Must(username => Encoding.UTF8.GetByteCount(username) <= 30).WithMessage("username must not exceed 30 characters")
            .Matches(UsernameCharacters()).WithMessage("username can only contain letters, numbers, underscores, and hyphens")
            .Must(username => !IsEdge(username[0]) && !IsEdge(username[^1])).WithMessage("username cannot start or end with underscore or hyphen");

    public static IRuleBuilderOptions<T, string> ValidEmail<T>(this IRuleBuilder<T, string> rule) =>
        rule
            .Must(email => email.Length <= 254).WithMessage("email must not exceed 254 characters")
            .Matches(EmailFormat()).WithMessage("invalid email format");

    public static IRuleBuilderOptions<T, string> StrongPassword<T>(this IRuleBuilder<T, string> rule) =>
        rule
            .Must(password => Encoding.UTF8.GetByteCount(password) >= 12).WithMessage("password must be at least 12 characters long")
            .Must(password => Encoding.UTF8.GetByteCount(password) <= 128).WithMessage("password must not exceed 128 characters")
            .Must(password => password.Any(char.IsUpper)).WithMessage("password must contain at least one uppercase letter")
            .Must(password => password.Any(char.IsLower)).WithMessage("password must contain at least one lowercase letter")
            .Must(password => password.Any(char.IsAsciiDigit)).WithMessage("password must contain at least one digit")
            .Must(password => password.Any(Specials.Contains)).WithMessage("password must contain at least one special character (!@#$%^&*)")
            .Must(password => TextRules.IsClean(password, multiline: false)).WithMessage(TextRules.InvalidCharactersMessage("password"));

    private static bool IsEdge(char c) => c is '_' or '-';

    // \z, not $: $ also matches before a final line feed, which would let "alice\n" pass as a second, look-alike name.
    [GeneratedRegex(@"^[A-Za-z0-9_-]+\z")]
    private static partial Regex UsernameCharacters();

    [GeneratedRegex(@"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}\z")]
    private static partial Regex EmailFormat();
}
