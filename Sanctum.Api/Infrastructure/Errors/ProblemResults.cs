using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Sanctum.Api.Infrastructure.Errors;

/// <summary>Builds the single error shape: RFC 9457 problem details plus the original's
/// <c>error</c>, <c>code</c> and <c>request_id</c> members (project decision 3).</summary>
public static class ProblemResults
{
    /// <summary>200 with the value, or the error's problem.</summary>
    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Result<T> result) =>
        result.Error is { } error ? error.ToProblem() : TypedResults.Ok(result.Value!);

    /// <summary>200 with the value mapped to its response body, or the error's problem.</summary>
    public static Results<Ok<TBody>, ProblemHttpResult> ToOk<T, TBody>(this Result<T> result, Func<T, TBody> map) =>
        result.Error is { } error ? error.ToProblem() : TypedResults.Ok(map(result.Value!));

    /// <summary>201 with the value and its location, or the error's problem.</summary>
    public static Results<Created<T>, ProblemHttpResult> ToCreated<T>(this Result<T> result, Func<T, string> location) =>
        result.Error is { } error ? error.ToProblem() : TypedResults.Created(location(result.Value!), result.Value);

    /// <summary>204, or the error's problem.</summary>
    public static Results<NoContent, ProblemHttpResult> ToNoContent(this Result result) =>
        result.Error is { } error ? error.ToProblem() : TypedResults.NoContent();

    /// <summary>200 with the text body <c>OK</c> (the contract's <c>c.SendStatus(200)</c> answers, 0.4), or the error's problem.</summary>
    public static Results<ContentHttpResult, ProblemHttpResult> ToOkText(this Result result) =>
        result.Error is { } error ? error.ToProblem() : TypedResults.Text("OK", "text/plain");

    public static ProblemHttpResult ToProblem(this Error error) => Problem(ErrorCodes.StatusFor(error.Kind), error.Message);

    public static ProblemHttpResult Problem(int status, string message, string? code = null) =>
        TypedResults.Problem(
            statusCode: status,
            title: ReasonPhrases.GetReasonPhrase(status),
            detail: message,
            extensions: new Dictionary<string, object?> { ["code"] = code ?? ErrorCodes.ForStatus(status) });

    /// <summary>Writes a problem outside an endpoint (middleware, auth events).</summary>
    public static Task WriteProblemAsync(this HttpContext context, int status, string message, string? code = null) =>
        Problem(status, message, code).ExecuteAsync(context);

    /// <summary>Fills the members every error body carries; called by the problem details service for all problems.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
        problem.Detail ??= DefaultDetail(status, problem);
        problem.Extensions["error"] = problem.Detail;
        problem.Extensions.TryAdd("code", ErrorCodes.ForStatus(status));
        problem.Extensions["request_id"] = context.HttpContext.TraceIdentifier;
    }

    private static string DefaultDetail(int status, ProblemDetails problem) =>
        problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation
            ? validation.Errors.First().Value.First()
            : DefaultMessage(status);

    /// <summary>The message for a status the framework produced without one (binding, routing, body limits).</summary>
    public static string DefaultMessage(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Invalid request body",
        StatusCodes.Status404NotFound => "Route not found",
        StatusCodes.Status405MethodNotAllowed => "Method not allowed",
        StatusCodes.Status413PayloadTooLarge => "Request body too large",
        StatusCodes.Status415UnsupportedMediaType => "Content-Type must be application/json",
        StatusCodes.Status500InternalServerError => "Internal server error",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };
}
