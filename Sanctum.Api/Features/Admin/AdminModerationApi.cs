using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Sanctum.Api.Features.Auth;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.RateLimiting;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Admin;

/// <summary>Contract 13: global ban and unban, behind the admin gate and the shared <c>admin_write</c> budget.</summary>
public static class AdminModerationApi
{
    public static RouteGroupBuilder MapAdminModerationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/users").WithTags("Admin").RequireAuthorization(AuthPolicies.Admin);

        // Filters run in the order added: the self-ban rule before the body (contract 13), and both before the budget.
        group.MapPost("/{id}/ban", BanUser)
            .WithName(nameof(BanUser))
            .AddEndpointFilter(RefuseSelfBan)
            .WithValidation<BanUserRequest>()
            .WithRateLimit(RateLimitPolicies.AdminWrite);
        group.MapPost("/{id}/unban", UnbanUser)
            .WithName(nameof(UnbanUser))
            .WithRateLimit(RateLimitPolicies.AdminWrite);
        return group;
    }

    /// <summary>The body is required; an empty one reaches the validation filter as null, which answers 400.</summary>
    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> BanUser(
        long id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] BanUserRequest? request,
        ClaimsPrincipal user, UserModerationService moderation, CancellationToken cancellationToken)
    {
        var result = await moderation.BanAsync(user.GetUserId(), id, request!.TrimmedReason, cancellationToken);
        return result.Error is { } error ? error.ToProblem() : TypedResults.Ok(new MessageResponse("User banned"));
    }

    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> UnbanUser(
        long id, UserModerationService moderation, CancellationToken cancellationToken)
    {
        var result = await moderation.UnbanAsync(id, cancellationToken);
        return result.Error is { } error ? error.ToProblem() : TypedResults.Ok(new MessageResponse("User unbanned"));
    }

    private static async ValueTask<object?> RefuseSelfBan(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        UserModerationService.RefuseSelfBan(context.HttpContext.User.GetUserId(), context.GetArgument<long>(0)) is { } refused
            ? refused.ToProblem()
            : await next(context);
}
