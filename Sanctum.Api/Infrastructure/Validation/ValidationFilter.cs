using System.Text.Json;
using FluentValidation;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Infrastructure.Validation;

/// <summary>Runs the FluentValidation validator of a request body or an <c>[AsParameters]</c> query record before the
/// handler; 400 with <c>errors</c> per field. A missing body is a 400 unless the route declared it optional, in which
/// case the handler gets null and there is nothing to check.</summary>
internal sealed class ValidationFilter<TRequest>(bool optional) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<TRequest>>();
        var request = context.Arguments.OfType<TRequest>().FirstOrDefault();
        if (request is null)
        {
            return optional
                ? await next(context)
                : ProblemResults.Problem(StatusCodes.Status400BadRequest, ProblemResults.DefaultMessage(StatusCodes.Status400BadRequest));
        }

        var result = await validator.ValidateAsync(request, context.HttpContext.RequestAborted);
        if (result.IsValid)
        {
            return await next(context);
        }

        var errors = result.Errors
            .GroupBy(failure => JsonNamingPolicy.SnakeCaseLower.ConvertName(failure.PropertyName))
            .ToDictionary(group => group.Key, group => group.Select(failure => failure.ErrorMessage).ToArray());
        return TypedResults.ValidationProblem(errors, detail: result.Errors[0].ErrorMessage);
    }
}

public static class ValidationExtensions
{
    /// <summary>Validates the <typeparamref name="TRequest"/> argument (a body or an <c>[AsParameters]</c> query
    /// record) with its registered validator. Add it before <c>WithRateLimit</c>: filters run in the order they are
    /// added, and a request that is invalid must not spend the caller's budget.</summary>
    /// <param name="optionalBody">The contract lets the client send no body (the handler's parameter is nullable and
    /// allows an empty body); a body that is sent is still validated.</param>
    public static RouteHandlerBuilder WithValidation<TRequest>(this RouteHandlerBuilder builder, bool optionalBody = false)
    {
        var filter = new ValidationFilter<TRequest>(optionalBody);
        builder.AddEndpointFilter(filter);
        return builder.ProducesValidationProblem();
    }
}
