using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Infrastructure.Auth;
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

        group.MapPost("/requests", CreateRequest).WithName(nameof(CreateRequest)).WithValidation<CreateSanctumRequestRequest>();
        group.MapGet("/requests/me", ListMyRequests).WithName(nameof(ListMyRequests));
        group.MapDelete("/requests/{id}", DeleteRequest).WithName(nameof(DeleteRequest));

        group.MapGet("/memberships/me", ListMyMemberships).WithName(nameof(ListMyMemberships));
        group.MapPost("/memberships/bulk", ReplaceMemberships).WithName(nameof(ReplaceMemberships)).WithValidation<BulkMembershipsRequest>();

        group.MapGet("/{slug}/admins", ListAdmins).WithName(nameof(ListAdmins));
        group.MapPost("/{slug}/admins/{userId}", PromoteAdmin).WithName(nameof(PromoteAdmin));
        group.MapDelete("/{slug}/admins/{userId}", DemoteAdmin).WithName(nameof(DemoteAdmin));
        return group;
    }

    public static async Task<Ok<IReadOnlyList<SanctumDto>>> ListSanctums(SanctumService sanctums, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sanctums.ListActiveAsync(cancellationToken));

    public static async Task<Results<Ok<SanctumDto>, ProblemHttpResult>> GetSanctum(string slug, SanctumService sanctums, CancellationToken cancellationToken) =>
        (await sanctums.GetActiveAsync(slug, cancellationToken)).ToOk();

    public static async Task<Results<Created<SanctumRequestDto>, ProblemHttpResult>> CreateRequest(
        CreateSanctumRequestRequest request, ClaimsPrincipal user, SanctumRequestService requests, CancellationToken cancellationToken)
    {
        var result = await requests.CreateAsync(user.GetUserId(), request, cancellationToken);
        return result.Error is { } error ? error.ToProblem() : TypedResults.Created($"/api/sanctums/requests/{result.Value!.Id}", result.Value);
    }

    public static async Task<Ok<IReadOnlyList<SanctumRequestDto>>> ListMyRequests(ClaimsPrincipal user, SanctumRequestService requests, CancellationToken cancellationToken) =>
        TypedResults.Ok(await requests.ListMineAsync(user.GetUserId(), cancellationToken));

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteRequest(
        long id, ClaimsPrincipal user, SanctumRequestService requests, CancellationToken cancellationToken)
    {
        var result = await requests.DeleteAsync(id, Caller(user), cancellationToken);
        return result.Error is { } error ? error.ToProblem() : TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<SanctumMembershipDto>>> ListMyMemberships(ClaimsPrincipal user, SanctumService sanctums, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sanctums.ListMembershipsAsync(user.GetUserId(), cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<SanctumMembershipDto>>, ProblemHttpResult>> ReplaceMemberships(
        BulkMembershipsRequest request, ClaimsPrincipal user, SanctumService sanctums, CancellationToken cancellationToken) =>
        (await sanctums.ReplaceFollowsAsync(user.GetUserId(), request, cancellationToken)).ToOk();

    public static async Task<Results<Ok<IReadOnlyList<SanctumAdminDto>>, ProblemHttpResult>> ListAdmins(
        string slug, ClaimsPrincipal user, SanctumService sanctums, CancellationToken cancellationToken) =>
        (await sanctums.ListAdminsAsync(slug, Caller(user), cancellationToken)).ToOk();

    public static async Task<Results<Ok<SanctumAdminDto>, ProblemHttpResult>> PromoteAdmin(
        string slug, long userId, ClaimsPrincipal user, SanctumService sanctums, CancellationToken cancellationToken) =>
        (await sanctums.PromoteAsync(slug, userId, Caller(user), cancellationToken)).ToOk();

    public static async Task<Results<Ok<SanctumAdminDto>, ProblemHttpResult>> DemoteAdmin(
        string slug, long userId, ClaimsPrincipal user, SanctumService sanctums, CancellationToken cancellationToken) =>
        (await sanctums.DemoteAsync(slug, userId, Caller(user), cancellationToken)).ToOk();

    /// <summary>The caller from the verified principal (admin flag read from the database by the auth layer).</summary>
    public static SanctumCaller Caller(ClaimsPrincipal user) => new(user.GetUserId(), user.IsAdminUser());
}
