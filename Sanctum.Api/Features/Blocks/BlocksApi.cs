using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Features.Auth;
using Sanctum.Api.Features.Reports;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.RateLimiting;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Blocks;

/// <summary>
/// Blocks and user reports (contract 2 and 8). <c>/blocks/me</c> has two literal segments, so it never reaches
/// <c>/api/users/{id}</c> (one segment) or <c>/{id}/block</c> (whose last segment is the literal <c>block</c>).
/// </summary>
public static class BlocksApi
{
    public static RouteGroupBuilder MapBlocksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Blocks").RequireAuthorization();

        group.MapGet("/blocks/me", ListMyBlocks).WithName(nameof(ListMyBlocks));
        group.MapPost("/{id}/block", BlockUser).WithName(nameof(BlockUser));
        group.MapDelete("/{id}/block", UnblockUser).WithName(nameof(UnblockUser));
        group.MapPost("/{id}/report", ReportUser).WithName(nameof(ReportUser))
            .WithValidation<ReportRequest>().WithRateLimit(RateLimitPolicies.Report);
        return group;
    }

    public static async Task<Ok<IReadOnlyList<UserBlockDto>>> ListMyBlocks(
        [AsParameters] ListPageQuery query, ClaimsPrincipal user, BlockService blocks, CancellationToken cancellationToken) =>
        TypedResults.Ok(await blocks.ListMineAsync(user.GetCaller(), query, cancellationToken));

    public static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> BlockUser(
        long id, ClaimsPrincipal user, BlockService blocks, CancellationToken cancellationToken)
    {
        var result = await blocks.BlockAsync(user.GetUserId(), id, cancellationToken);
        return result.Error is { } error ? error.ToProblem() : TypedResults.Ok(new MessageResponse("User blocked"));
    }

    public static async Task<Ok<MessageResponse>> UnblockUser(
        long id, ClaimsPrincipal user, BlockService blocks, CancellationToken cancellationToken)
    {
        await blocks.UnblockAsync(user.GetUserId(), id, cancellationToken);
        return TypedResults.Ok(new MessageResponse("User unblocked"));
    }

    public static async Task<Results<Created<ModerationReportDto>, ProblemHttpResult>> ReportUser(
        long id, ReportRequest request, ClaimsPrincipal user, UserReportService reports, CancellationToken cancellationToken)
    {
        var result = await reports.ReportAsync(user.GetCaller(), id, request, cancellationToken);
        return result.ToCreated(created => $"/api/admin/reports/{created.Id}");
    }
}
