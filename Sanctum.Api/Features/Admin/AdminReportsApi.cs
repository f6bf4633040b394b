using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Sanctum.Api.Features.Reports;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.RateLimiting;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Admin;

/// <summary>Contract 13: the moderation reports queue and the ban requests built from it, behind the admin gate; reads
/// share the <c>admin_read</c> budget, resolving the <c>admin_write</c> one (both fail-closed).</summary>
public static class AdminReportsApi
{
    public static RouteGroupBuilder MapAdminReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(AuthPolicies.Admin);

        group.MapGet("/reports", ListReports)
            .WithName(nameof(ListReports))
            .WithValidation<AdminReportListQuery>()
            .WithRateLimit(RateLimitPolicies.AdminRead);
        group.MapPost("/reports/{id}/resolve", ResolveReport)
            .WithName(nameof(ResolveReport))
            .WithValidation<ResolveReportRequest>()
            .WithRateLimit(RateLimitPolicies.AdminWrite);
        group.MapGet("/ban-requests", ListBanRequests)
            .WithName(nameof(ListBanRequests))
            .WithRateLimit(RateLimitPolicies.AdminRead);
        return group;
    }

    public static async Task<Ok<IReadOnlyList<ModerationReportDto>>> ListReports(
        [AsParameters] AdminReportListQuery query, ClaimsPrincipal user, AdminConsoleService console, CancellationToken cancellationToken) =>
        TypedResults.Ok(await console.ListReportsAsync(query, user.GetCaller(), cancellationToken));

    /// <summary>The body is required; an empty one reaches the validation filter as null, which answers 400.</summary>
    public static async Task<Results<Ok<ModerationReportDto>, ProblemHttpResult>> ResolveReport(
        long id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ResolveReportRequest? request,
        ClaimsPrincipal user, AdminConsoleService console, CancellationToken cancellationToken) =>
        (await console.ResolveReportAsync(id, request!, user.GetCaller(), cancellationToken)).ToOk();

    public static async Task<Ok<IReadOnlyList<AdminBanRequestDto>>> ListBanRequests(
        [AsParameters] AdminBanRequestListQuery query, ClaimsPrincipal user, AdminConsoleService console, CancellationToken cancellationToken) =>
        TypedResults.Ok(await console.ListBanRequestsAsync(query, user.GetCaller(), cancellationToken));
}
