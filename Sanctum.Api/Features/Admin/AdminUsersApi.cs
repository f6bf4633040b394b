using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Features.Admin;

/// <summary>Contract 2: global admin promotion and demotion (admin only, not rate-limited).</summary>
public static class AdminUsersApi
{
    public static RouteGroupBuilder MapAdminUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Admin").RequireAuthorization(AuthPolicies.Admin);

        group.MapPost("/{id}/promote-admin", PromoteToAdmin).WithName(nameof(PromoteToAdmin));
        group.MapPost("/{id}/demote-admin", DemoteFromAdmin).WithName(nameof(DemoteFromAdmin));
        return group;
    }

    public static async Task<Results<Ok<AdminUserResponse>, ProblemHttpResult>> PromoteToAdmin(long id, UserService users, CancellationToken cancellationToken) =>
        (await users.SetAdminAsync(id, isAdmin: true, cancellationToken)).ToOk(user => new AdminUserResponse("User promoted to admin", user));

    public static async Task<Results<Ok<AdminUserResponse>, ProblemHttpResult>> DemoteFromAdmin(long id, UserService users, CancellationToken cancellationToken) =>
        (await users.SetAdminAsync(id, isAdmin: false, cancellationToken)).ToOk(user => new AdminUserResponse("User demoted from admin", user));
}
