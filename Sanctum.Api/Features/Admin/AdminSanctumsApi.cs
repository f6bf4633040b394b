using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Sanctum.Api.Features.Sanctums;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.RateLimiting;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Admin;

/// <summary>Contract 13: the admin console's sanctum routes, behind the one admin gate.</summary>
public static class AdminSanctumsApi
{
    public static RouteGroupBuilder MapAdminSanctumsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(AuthPolicies.Admin);

        group.MapGet("/sanctum-requests", ListSanctumRequests)
            .WithName(nameof(ListSanctumRequests))
            .WithValidation<SanctumRequestListQuery>()
            .WithRateLimit(RateLimitPolicies.AdminRead);
        group.MapPost("/sanctum-requests/{id}/approve", ApproveSanctumRequest)
            .WithName(nameof(ApproveSanctumRequest))
            .WithValidation<ReviewSanctumRequestRequest>(optionalBody: true)
            .WithRateLimit(RateLimitPolicies.AdminWrite);
        group.MapPost("/sanctum-requests/{id}/reject", RejectSanctumRequest)
            .WithName(nameof(RejectSanctumRequest))
            .WithValidation<ReviewSanctumRequestRequest>(optionalBody: true)
            .WithRateLimit(RateLimitPolicies.AdminWrite);
        group.MapDelete("/sanctums/{slug}", DeleteSanctum).WithName(nameof(DeleteSanctum));
        return group;
    }

    public static async Task<Ok<IReadOnlyList<SanctumRequestDto>>> ListSanctumRequests(
        [AsParameters] SanctumRequestListQuery query, ClaimsPrincipal user, SanctumRequestService requests, CancellationToken cancellationToken) =>
        TypedResults.Ok(await requests.ListByStatusAsync(query, user.GetCaller(), cancellationToken));

    /// <summary>The body is optional (contract 0.4): no body, or <c>{"review_notes": "..."}</c>.</summary>
    public static async Task<Results<Ok<ApproveSanctumRequestResponse>, ProblemHttpResult>> ApproveSanctumRequest(
        long id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ReviewSanctumRequestRequest? review,
        ClaimsPrincipal user, SanctumRequestService requests, CancellationToken cancellationToken) =>
        (await requests.ApproveAsync(id, user.GetUserId(), review, cancellationToken)).ToOk();

    public static async Task<Results<Ok<SanctumRequestDto>, ProblemHttpResult>> RejectSanctumRequest(
        long id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ReviewSanctumRequestRequest? review,
        ClaimsPrincipal user, SanctumRequestService requests, CancellationToken cancellationToken) =>
        (await requests.RejectAsync(id, user.GetUserId(), review, cancellationToken)).ToOk();

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteSanctum(string slug, SanctumService sanctums, CancellationToken cancellationToken)
    {
        var result = await sanctums.DeleteAsync(slug, cancellationToken);
        return result.ToNoContent();
    }
}
