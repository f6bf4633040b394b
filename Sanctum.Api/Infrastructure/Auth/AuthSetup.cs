using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Infrastructure.Auth;

public static class AuthPolicies
{
    /// <summary>Authenticated and not banned. The default policy of <c>RequireAuthorization()</c>.</summary>
    public const string ActiveUser = "active_user";

    /// <summary>An active user with <c>users.is_admin</c> (read from the database on every request).</summary>
    public const string Admin = "admin";
}

/// <summary>
/// JWT bearer authentication with the contract's rules (1.1): WebSocket tickets, <c>?token=</c> outside
/// <c>/api/ws</c>, revoked <c>jti</c>s, and the user's current admin and ban flags from the database.
/// </summary>
public static class AuthSetup
{
    private const string FailureMessageKey = "auth_failure_message";

    public static IServiceCollection AddSanctumAuth(this IServiceCollection services)
    {
        services.AddSingleton<TokenFactory>();
        services.AddSingleton<TokenStore>();
        services.AddSingleton<TicketStore>();
        services.AddSingleton<UserStatusStore>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((options, jwt) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuers = JwtOptions.AcceptedIssuers,
                    ValidAudiences = JwtOptions.AcceptedAudiences,
                    IssuerSigningKey = jwt.Value.SecurityKey,
                    ClockSkew = TimeSpan.Zero,
                    NameClaimType = SanctumClaims.Username,
                };
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = OnMessageReceived,
                    OnAuthenticationFailed = OnAuthenticationFailed,
                    OnTokenValidated = OnTokenValidated,
                    OnChallenge = OnChallenge,
                };
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

    private static bool IsWebSocketPath(HttpContext context) => context.Request.Path.StartsWithSegments("/api/ws");

    private static async Task OnMessageReceived(MessageReceivedContext context)
    {
        var http = context.HttpContext;
        var ticket = http.Request.Query["ticket"].ToString();
        if (ticket.Length > 0)
        {
            var tickets = http.RequestServices.GetRequiredService<TicketStore>();
            var userId = await tickets.ConsumeAsync(ticket);
            if (userId is { } id)
            {
                var principal = await LoadPrincipalAsync(http, id, jwtPrincipal: null);
                if (principal is null)
                {
                    Fail(context, "User no longer exists");
                    return;
                }
                context.Principal = principal;
                context.Success();
                return;
            }
            if (IsWebSocketPath(http))
            {
                Fail(context, "Invalid or expired WebSocket ticket");
                return;
            }
        }

        // Contract 1.1: a query token is honoured everywhere except on the WebSocket paths, which need tickets.
        if (!http.Request.Headers.Authorization.Any() && !IsWebSocketPath(http))
        {
            var token = http.Request.Query["token"].ToString();
            if (token.Length > 0)
            {
                context.Token = token;
            }
        }
    }

    private static Task OnAuthenticationFailed(AuthenticationFailedContext context)
    {
        context.HttpContext.Items[FailureMessageKey] = context.Exception switch
        {
            SecurityTokenInvalidIssuerException => "Invalid token issuer",
            SecurityTokenInvalidAudienceException => "Invalid token audience",
            _ => "Invalid or expired token",
        };
        return Task.CompletedTask;
    }

    private static async Task OnTokenValidated(TokenValidatedContext context)
    {
        var http = context.HttpContext;
        var jwtPrincipal = context.Principal!;
        var userId = jwtPrincipal.FindUserId();
        if (userId is null)
        {
            Fail(context, "Invalid user ID in token");
            return;
        }

        var jti = jwtPrincipal.FindFirstValue(SanctumClaims.TokenId);
        if (!string.IsNullOrEmpty(jti) && await IsRevokedAsync(http, jti))
        {
            Fail(context, "Token has been revoked");
            return;
        }

        var principal = await LoadPrincipalAsync(http, userId.Value, jwtPrincipal);
        if (principal is null)
        {
            Fail(context, "User no longer exists");
            return;
        }
        context.Principal = principal;
    }

    /// <summary>The revocation list fails open (contract 1.1): an unreachable Redis must not log everyone out.</summary>
    private static async Task<bool> IsRevokedAsync(HttpContext http, string jti)
    {
        try
        {
            return await http.RequestServices.GetRequiredService<TokenStore>().IsBlacklistedAsync(jti);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuthSetup))
                .LogWarning(ex, "Could not check token revocation; accepting the token");
            return false;
        }
    }

    /// <summary>Builds the request's principal from the current user row; null when the user no longer exists.</summary>
    private static async Task<ClaimsPrincipal?> LoadPrincipalAsync(HttpContext http, long userId, ClaimsPrincipal? jwtPrincipal)
    {
        var status = await http.RequestServices.GetRequiredService<UserStatusStore>().FindAsync(userId, http.RequestAborted);
        if (status is null)
        {
            return null;
        }
        var claims = new List<Claim>
        {
            new(SanctumClaims.Subject, userId.ToString(CultureInfo.InvariantCulture)),
            new(SanctumClaims.Username, status.Username),
            new(SanctumClaims.IsAdmin, status.IsAdmin ? "true" : "false"),
            new(SanctumClaims.IsBanned, status.IsBanned ? "true" : "false"),
        };
        if (jwtPrincipal is not null)
        {
            claims.AddRange(jwtPrincipal.Claims.Where(claim => claim.Type is SanctumClaims.TokenId or SanctumClaims.Expires));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, JwtBearerDefaults.AuthenticationScheme, SanctumClaims.Username, null));
    }

    private static void Fail(ResultContext<JwtBearerOptions> context, string message)
    {
        context.HttpContext.Items[FailureMessageKey] = message;
        context.Fail(message);
    }

    private static async Task OnChallenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var message = context.HttpContext.Items[FailureMessageKey] as string ?? "Authorization required";
        await context.HttpContext.WriteProblemAsync(StatusCodes.Status401Unauthorized, message);
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
