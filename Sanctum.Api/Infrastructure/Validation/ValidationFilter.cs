using System.Text.Json;
using FluentValidation;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Infrastructure.Validation;

/// <summary>Runs the FluentValidation validator of a request body before the handler; 400 with <c>errors</c> per field.</summary>
internal sealed class ValidationFilter<TRequest>(IValidator<TRequest> validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.Arguments.OfType<TRequest>().FirstOrDefault();
        if (request is null)
        {
            return ProblemResults.Problem(StatusCodes.Status400BadRequest, ProblemResults.DefaultMessage(StatusCodes.Status400BadRequest));
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
    /// <summary>Validates the <typeparamref name="TRequest"/> body with its registered validator.</summary>
    public static RouteHandlerBuilder WithValidation<TRequest>(this RouteHandlerBuilder builder) =>
        builder
            .AddEndpointFilter<ValidationFilter<TRequest>>()
            .ProducesValidationProblem();
}
