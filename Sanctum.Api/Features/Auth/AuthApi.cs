using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.RateLimiting;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Auth;

public static class AuthApi
{
    private const string RefreshCookie = "refresh_token";
    private const string RefreshCookiePath = "/api/auth";

    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        // Every answer here may carry tokens.
        var group = app.MapGroup("/api/auth").WithTags("Auth").WithNoStore();

        group.MapPost("/signup", Signup)
            .WithName(nameof(Signup))
            .WithValidation<SignupRequest>()
            .WithRateLimit(RateLimitPolicies.Signup);
        group.MapPost("/login", Login)
            .WithName(nameof(Login))
            .WithValidation<LoginRequest>(optionalBody: true)
            .WithRateLimit(RateLimitPolicies.Login);
        group.MapPost("/refresh", Refresh).WithName(nameof(Refresh)).WithValidation<RefreshRequest>(optionalBody: true);
        group.MapPost("/logout", Logout).WithName(nameof(Logout)).RequireAuthorization().WithValidation<LogoutRequest>();
        return group;
    }

    public static async Task<Results<Created<AuthResponse>, ProblemHttpResult>> Signup(
        SignupRequest request, AuthService auth, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await auth.SignupAsync(request, cancellationToken);
        if (result.Error is { } error)
        {
            return error.ToProblem();
        }
        SetRefreshCookie(http, result.Value!.RefreshToken);
        return TypedResults.Created($"/api/users/{result.Value.User.Id}", result.Value);
    }

    /// <summary>An empty body is accepted and treated as empty credentials (contract 1.3).</summary>
    public static async Task<Results<Ok<AuthResponse>, ProblemHttpResult>> Login(
        LoginRequest? request, AuthService auth, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await auth.LoginAsync(request, cancellationToken);
        if (result.Error is { } error)
        {
            return error.ToProblem();
        }
        SetRefreshCookie(http, result.Value!.RefreshToken);
        return TypedResults.Ok(result.Value);
    }

    /// <summary>The token comes from the body, else from the refresh cookie.</summary>
    public static async Task<Results<Ok<TokenPair>, ProblemHttpResult>> Refresh(
        RefreshRequest? request, AuthService auth, HttpContext http, CancellationToken cancellationToken)
    {
        var token = string.IsNullOrEmpty(request?.RefreshToken) ? http.Request.Cookies[RefreshCookie] : request.RefreshToken;
        var result = await auth.RefreshAsync(token, cancellationToken);
        if (result.Error is { } error)
        {
            return error.ToProblem();
        }
        SetRefreshCookie(http, result.Value!.RefreshToken);
        return TypedResults.Ok(result.Value);
    }

    public static async Task<Ok<MessageResponse>> Logout(LogoutRequest request, ClaimsPrincipal user, AuthService auth, HttpContext http)
    {
        var refreshToken = string.IsNullOrEmpty(request.RefreshToken) ? http.Request.Cookies[RefreshCookie] : request.RefreshToken;
        var expires = long.TryParse(user.FindFirstValue(SanctumClaims.Expires), NumberStyles.None, CultureInfo.InvariantCulture, out var exp)
            ? DateTimeOffset.FromUnixTimeSeconds(exp).UtcDateTime
            : (DateTime?)null;
        await auth.LogoutAsync(user.GetUserId(), user.FindFirstValue(SanctumClaims.TokenId), expires, refreshToken);
        http.Response.Cookies.Delete(RefreshCookie, new CookieOptions { Path = RefreshCookiePath });
        return TypedResults.Ok(new MessageResponse("Logged out successfully"));
    }

    private static void SetRefreshCookie(HttpContext http, string refreshToken) =>
        http.Response.Cookies.Append(RefreshCookie, refreshToken, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Path = RefreshCookiePath,
            Expires = DateTimeOffset.UtcNow.Add(JwtOptions.RefreshLifetime),
            Secure = http.RequestServices.GetRequiredService<IHostEnvironment>().IsProduction(),
        });
}
