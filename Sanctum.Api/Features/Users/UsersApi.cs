using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Users;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization();

        group.MapGet("/me", GetMe).WithName(nameof(GetMe));
        group.MapPut("/me", UpdateMe).WithName(nameof(UpdateMe)).WithValidation<UpdateProfileRequest>();
        group.MapGet("", ListUsers).WithName(nameof(ListUsers));
        group.MapGet("/{id}", GetUser).WithName(nameof(GetUser));
        group.MapGet("/{id}/cached", GetUserCached).WithName(nameof(GetUserCached));
        return group;
    }

    public static async Task<Results<Ok<UserDto>, ProblemHttpResult>> GetMe(ClaimsPrincipal user, UserService users, CancellationToken cancellationToken) =>
        (await users.GetAsync(user.GetUserId(), user.GetCaller(), cancellationToken)).ToOk();

    public static async Task<Results<Ok<UserDto>, ProblemHttpResult>> UpdateMe(
        UpdateProfileRequest request, ClaimsPrincipal user, UserService users, CancellationToken cancellationToken) =>
        (await users.UpdateProfileAsync(user.GetUserId(), request, cancellationToken)).ToOk();

    public static async Task<Ok<IReadOnlyList<UserDto>>> ListUsers(
        [AsParameters] ListUsersQuery query, ClaimsPrincipal user, UserService users, CancellationToken cancellationToken) =>
        TypedResults.Ok(await users.ListAsync(query.Limit, query.Offset, user.GetCaller(), cancellationToken));

    public static async Task<Results<Ok<UserDto>, ProblemHttpResult>> GetUser(
        long id, ClaimsPrincipal user, UserService users, CancellationToken cancellationToken) =>
        (await users.GetAsync(id, user.GetCaller(), cancellationToken)).ToOk();

    public static async Task<Results<Ok<UserDto>, ProblemHttpResult>> GetUserCached(
        long id, ClaimsPrincipal user, UserService users, CancellationToken cancellationToken) =>
        (await users.GetCachedAsync(id, user.GetCaller(), cancellationToken)).ToOk();
}
