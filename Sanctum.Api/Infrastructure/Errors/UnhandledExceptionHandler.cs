using Microsoft.AspNetCore.Diagnostics;

namespace Sanctum.Api.Infrastructure.Errors;

/// <summary>
/// The last line: request-shape failures the framework raises (malformed JSON, wrong content type,
/// oversized body) become 4xx problems; a dependency that is down, overloaded or timing out
/// (<see cref="DependencyFailures"/>) is a 503 logged once per burst (<see cref="DependencyFailureLog"/>);
/// anything else is logged and answered with a bare 500.
/// </summary>
internal sealed class UnhandledExceptionHandler(ILogger<UnhandledExceptionHandler> logger, DependencyFailureLog failures) : IExceptionHandler
{
    public const string UnavailableMessage = "Service temporarily unavailable";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException badRequest)
        {
            var message = ProblemResults.DefaultMessage(badRequest.StatusCode);
            logger.LogDebug(exception, "Rejected request: {Message}", message);
            await context.WriteProblemAsync(badRequest.StatusCode, message);
            return true;
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer, and whatever broke on the way is not our error.
            logger.LogDebug(exception, "Request aborted by the client for {Method} {Path}", context.Request.Method, context.Request.Path);
            return true;
        }

        if (DependencyFailures.Classify(exception) is { } dependency)
        {
            failures.Report(LogLevel.Error, dependency, "request answered 503", $"{context.Request.Method} {context.Request.Path}", exception);
            await context.WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, UnavailableMessage);
            return true;
        }

        logger.LogError(exception, "Unhandled exception for {Method} {Path}", context.Request.Method, context.Request.Path);
        await context.WriteProblemAsync(StatusCodes.Status500InternalServerError, "Internal server error");
        return true;
    }
}
