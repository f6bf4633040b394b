using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Infrastructure.Http;

/// <summary>
/// Every <c>{id}</c>-style route value must be a positive integer, else 400 "Invalid &lt;label&gt;" (contract 0.4).
/// Checked once here, after routing and authorization, so handlers can bind plain <c>long</c> ids.
/// </summary>
internal sealed class RouteIdValidationMiddleware(RequestDelegate next)
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = "ID",
        ["userId"] = "user ID",
        ["commentId"] = "comment ID",
        ["requestId"] = "request ID",
        ["participantId"] = "participant ID",
        ["messageId"] = "message ID",
    };

    public Task InvokeAsync(HttpContext context)
    {
        foreach (var (key, value) in context.Request.RouteValues)
        {
            if (Labels.TryGetValue(key, out var label) && !IsPositiveId(value as string))
            {
                return context.WriteProblemAsync(StatusCodes.Status400BadRequest, $"Invalid {label}");
            }
        }
        return next(context);
    }

    private static bool IsPositiveId(string? value) =>
        long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0;
}
