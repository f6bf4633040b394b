using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.RateLimiting;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Admin;

/// <summary>Contract 13: user search, user detail and feature flags, behind the admin gate and the shared, fail-closed
/// <c>admin_read</c> budget.</summary>
public static class AdminUsersConsoleApi
{
    public static RouteGroupBuilder MapAdminUsersConsoleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(AuthPolicies.Admin);

        group.MapGet("/users", SearchUsers)
            .WithName(nameof(SearchUsers))
            .WithValidation<AdminUserSearchQuery>()
            .WithRateLimit(RateLimitPolicies.AdminRead);
        group.MapGet("/users/{id}", GetUserDetail)
            .WithName(nameof(GetUserDetail))
            .WithRateLimit(RateLimitPolicies.AdminRead);
        group.MapGet("/feature-flags", GetFeatureFlags)
            .WithName(nameof(GetFeatureFlags))
            .WithRateLimit(RateLimitPolicies.AdminRead);
        return group;
    }

    public static async Task<Ok<IReadOnlyList<UserDto>>> SearchUsers(
        [AsParameters] AdminUserSearchQuery query, ClaimsPrincipal user, AdminConsoleService console, CancellationToken cancellationToken) =>
        TypedResults.Ok(await console.SearchUsersAsync(query, user.GetCaller(), cancellationToken));

    public static async Task<Results<Ok<AdminUserDetailResponse>, ProblemHttpResult>> GetUserDetail(
        long id, ClaimsPrincipal user, AdminConsoleService console, CancellationToken cancellationToken) =>
        (await console.GetUserDetailAsync(id, user.GetCaller(), cancellationToken)).ToOk();

    public static Ok<FeatureFlagsResponse> GetFeatureFlags(ClaimsPrincipal user, AdminConsoleService console) =>
        TypedResults.Ok(console.GetFeatureFlags(user.GetCaller()));
}
