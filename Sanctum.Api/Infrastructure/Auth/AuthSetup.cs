using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Infrastructure.Auth;

public static class AuthPolicies
{
    /// <summary>Authenticated and not banned. The default policy of <c>RequireAuthorization()</c>.</summary>
    public const string ActiveUser = "active_user";

    /// <summary>An active user with <c>users.is_admin</c> (current on every request: see <see cref="UserStatusCache"/>).</summary>
    public const string Admin = "admin";
}

/// <summary>
/// JWT bearer authentication with the contract's rules (1.1), applied by <see cref="SanctumJwtBearerEvents"/>,
/// and the authorization policies that read the user's current admin and ban flags.
/// </summary>
public static class AuthSetup
{
    public static IServiceCollection AddSanctumAuth(this IServiceCollection services)
    {
        services.AddSingleton<TokenFactory>();
        services.AddSingleton<TokenStore>();
        services.AddSingleton<TicketStore>();
        services.AddSingleton<UserStatusStore>();
        services.AddSingleton<UserStatusCache>();
        services.AddOptions<PasswordHashingOptions>().BindConfiguration(PasswordHashingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<SanctumJwtBearerEvents>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((options, jwt) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = jwt.Value.AccessTokenValidation();
                options.EventsType = typeof(SanctumJwtBearerEvents);
            });

        var activeUser = new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .RequireAssertion(context => !context.User.HasClaim(SanctumClaims.IsBanned, "true"))
            .Build();
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.ActiveUser, activeUser)
            .SetDefaultPolicy(activeUser)
            .AddPolicy(AuthPolicies.Admin, policy => policy
                .Combine(activeUser)
                .RequireClaim(SanctumClaims.IsAdmin, "true"));
        return services;
    }

    /// <summary>Turns authorization failures into the project's 403 problem with the contract's message.</summary>
    private sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
        {
            if (!authorizeResult.Forbidden)
            {
                return _default.HandleAsync(next, context, policy, authorizeResult);
            }
            var message = context.User.HasClaim(SanctumClaims.IsBanned, "true") ? "Account is banned" : "Admin access required";
            return context.WriteProblemAsync(StatusCodes.Status403Forbidden, message);
        }
    }
}
