using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Sanctums;

/// <summary>Contract 3: public sanctum reads, requests, memberships and the sanctum admin roster.</summary>
public static class SanctumsApi
{
    public static RouteGroupBuilder MapSanctumsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sanctums").WithTags("Sanctums").RequireAuthorization();

        group.MapGet("", ListSanctums).WithName(nameof(ListSanctums)).AllowAnonymous();
        group.MapGet("/{slug}", GetSanctum).WithName(nameof(GetSanctum)).AllowAnonymous();

        group.MapPost("/requests", CreateSanctumRequest).WithName(nameof(CreateSanctumRequest)).WithValidation<CreateSanctumRequestRequest>();
        group.MapGet("/requests/me", ListMySanctumRequests).WithName(nameof(ListMySanctumRequests));
        group.MapDelete("/requests/{id}", DeleteSanctumRequest).WithName(nameof(DeleteSanctumRequest));

        group.MapGet("/memberships/me", ListMySanctumMemberships).WithName(nameof(ListMySanctumMemberships));
        group.MapPost("/memberships/bulk", ReplaceSanctumMemberships).WithName(nameof(ReplaceSanctumMemberships)).WithValidation<BulkMembershipsRequest>();

        group.MapGet("/{slug}/admins", ListSanctumAdmins).WithName(nameof(ListSanctumAdmins));
        group.MapPost("/{slug}/admins/{userId}", PromoteSanctumAdmin).WithName(nameof(PromoteSanctumAdmin));
        group.MapDelete("/{slug}/admins/{userId}", DemoteSanctumAdmin).WithName(nameof(DemoteSanctumAdmin));
        return group;
    }

    public static async Task<Ok<IReadOnlyList<SanctumDto>>> ListSanctums(
        [AsParameters] ListPageQuery query, SanctumService sanctums, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sanctums.ListActiveAsync(query, cancellationToken));

    public static async Task<Results<Ok<SanctumDto>, ProblemHttpResult>> GetSanctum(string slug, SanctumService sanctums, CancellationToken cancellationToken) =>
        (await sanctums.GetActiveAsync(slug, cancellationToken)).ToOk();

    public static async Task<Results<Created<SanctumRequestDto>, ProblemHttpResult>> CreateSanctumRequest(
        CreateSanctumRequestRequest request, ClaimsPrincipal user, SanctumRequestService requests, CancellationToken cancellationToken)
    {
        var result = await requests.CreateAsync(user.GetUserId(), request, cancellationToken);
        return result.ToCreated(created => $"/api/sanctums/requests/{created.Id}");
    }

    public static async Task<Ok<IReadOnlyList<SanctumRequestDto>>> ListMySanctumRequests(
        [AsParameters] ListPageQuery query, ClaimsPrincipal user, SanctumRequestService requests, CancellationToken cancellationToken) =>
        TypedResults.Ok(await requests.ListMineAsync(user.GetCaller(), query, cancellationToken));

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteSanctumRequest(
        long id, ClaimsPrincipal user, SanctumRequestService requests, CancellationToken cancellationToken)
    {
        var result = await requests.DeleteAsync(id, user.GetCaller(), cancellationToken);
        return result.ToNoContent();
    }

    public static async Task<Ok<IReadOnlyList<SanctumMembershipDto>>> ListMySanctumMemberships(
        [AsParameters] ListPageQuery query, ClaimsPrincipal user, SanctumService sanctums, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sanctums.ListMembershipsAsync(user.GetUserId(), query, cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<SanctumMembershipDto>>, ProblemHttpResult>> ReplaceSanctumMemberships(
        BulkMembershipsRequest request, ClaimsPrincipal user, SanctumService sanctums, CancellationToken cancellationToken) =>
        (await sanctums.ReplaceFollowsAsync(user.GetUserId(), request, cancellationToken)).ToOk();

    public static async Task<Results<Ok<IReadOnlyList<SanctumAdminDto>>, ProblemHttpResult>> ListSanctumAdmins(
        string slug, [AsParameters] ListPageQuery query, ClaimsPrincipal user, SanctumService sanctums, CancellationToken cancellationToken) =>
        (await sanctums.ListAdminsAsync(slug, user.GetCaller(), query, cancellationToken)).ToOk();

    public static async Task<Results<Ok<SanctumAdminDto>, ProblemHttpResult>> PromoteSanctumAdmin(
        string slug, long userId, ClaimsPrincipal user, SanctumService sanctums, CancellationToken cancellationToken) =>
        (await sanctums.PromoteAsync(slug, userId, user.GetCaller(), cancellationToken)).ToOk();

    public static async Task<Results<Ok<SanctumAdminDto>, ProblemHttpResult>> DemoteSanctumAdmin(
        string slug, long userId, ClaimsPrincipal user, SanctumService sanctums, CancellationToken cancellationToken) =>
        (await sanctums.DemoteAsync(slug, userId, user.GetCaller(), cancellationToken)).ToOk();
}
