using Microsoft.AspNetCore.Diagnostics;

namespace Sanctum.Api.Infrastructure.Errors;

/// <summary>
/// The last line: request-shape failures the framework raises (malformed JSON, wrong content type,
/// oversized body) become 4xx problems; anything else is logged and answered with a bare 500.
/// </summary>
internal sealed class UnhandledExceptionHandler(ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException badRequest)
        {
            var message = ProblemResults.DefaultMessage(badRequest.StatusCode);
            logger.LogDebug(exception, "Rejected request: {Message}", message);
            await context.WriteProblemAsync(badRequest.StatusCode, message);
            return true;
        }

        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            return true;
        }

        logger.LogError(exception, "Unhandled exception for {Method} {Path}", context.Request.Method, context.Request.Path);
        await context.WriteProblemAsync(StatusCodes.Status500InternalServerError, "Internal server error");
        return true;
    }
}
