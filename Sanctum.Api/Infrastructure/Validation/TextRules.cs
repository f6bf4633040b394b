using FluentValidation;

namespace Sanctum.Api.Infrastructure.Validation;

/// <summary>
/// The one rule for text that reaches the database or a cache key. PostgreSQL refuses NUL in <c>text</c> and
/// <c>varchar</c>, and Npgsql refuses a lone UTF-16 surrogate, so either would be a 500 after the request had been
/// accepted; other C0 control characters are never wanted in names, URLs or one-line fields. Free text (bodies,
/// bios, notes) may keep tab, line feed and carriage return. Lengths are UTF-16 code units, never more than the
/// column's characters, so a value that passes always fits its column.
/// Apply it to the value that is stored: where the contract trims, to the trimmed value.
/// </summary>
public static class TextRules
{
    public static string InvalidCharactersMessage(string field) => $"{field} contains invalid characters";

    public static string TooLongMessage(string field, int maxLength) => $"{field} too long (max {maxLength} characters)";

    /// <summary>No control characters (tab, CR and LF allowed when <paramref name="multiline"/>), well-formed UTF-16,
    /// at most <paramref name="maxLength"/> characters. Null passes: requiredness is each field's own rule.</summary>
    public static IRuleBuilderOptions<T, string?> ValidText<T>(
        this IRuleBuilder<T, string?> rule, int maxLength, string field, bool multiline = false, string? tooLongMessage = null) =>
        rule
            .Must(text => IsClean(text, multiline)).WithMessage(InvalidCharactersMessage(field))
            .Must(text => text is null || text.Length <= maxLength).WithMessage(tooLongMessage ?? TooLongMessage(field, maxLength));

    /// <summary>Every item passes <see cref="ValidText{T}"/>'s character rule and length.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string?>?> ValidTextItems<T>(
        this IRuleBuilder<T, IReadOnlyList<string?>?> rule, int maxLength, string field, string? tooLongMessage = null) =>
        rule
            .Must(items => items is null || items.All(item => IsClean(item, multiline: false))).WithMessage(InvalidCharactersMessage(field))
            .Must(items => items is null || items.All(item => item is null || item.Length <= maxLength))
            .WithMessage(tooLongMessage ?? TooLongMessage(field, maxLength));

    /// <summary>True when <paramref name="text"/> holds no forbidden control character and no lone surrogate.</summary>
    public static bool IsClean(string? text, bool multiline)
    {
        if (text is null)
        {
            return true;
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }
                i++;
                continue;
            }
            if (char.IsLowSurrogate(c) || c == '\u007f' || (c < ' ' && !(multiline && c is '\t' or '\n' or '\r')))
            {
                return false;
            }
        }
        return true;
    }
}
