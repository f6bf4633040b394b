using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.RateLimiting;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Reports;

/// <summary>Message reports (contract 8, 9), sharing the <c>report</c> budget with post and user reports.</summary>
public static class MessageReportsApi
{
    public static RouteHandlerBuilder MapMessageReportsApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/conversations/{id}/messages/{messageId}/report", ReportMessage).WithName(nameof(ReportMessage))
            .WithTags("Reports").RequireAuthorization()
            .WithValidation<ReportRequest>().WithRateLimit(RateLimitPolicies.Report);

    public static async Task<Results<Created<ModerationReportDto>, ProblemHttpResult>> ReportMessage(
        long id, long messageId, ReportRequest request, ClaimsPrincipal user, ReportService reports, CancellationToken cancellationToken) =>
        (await reports.ReportMessageAsync(user.GetCaller(), id, messageId, request, cancellationToken))
            .ToCreated(created => $"/api/admin/reports/{created.Id}");
}
