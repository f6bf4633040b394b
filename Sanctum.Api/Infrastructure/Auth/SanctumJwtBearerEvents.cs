using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Infrastructure.Auth;

/// <summary>
/// The contract's verification steps (1.1) around the JWT bearer handler: WebSocket tickets on the handshake paths only
/// (project decision 7), <c>?token=</c> outside <c>/api/ws</c>, revoked <c>jti</c>s, the user's current admin and ban
/// flags (both through <see cref="UserStatusCache"/>: one Redis round trip, PostgreSQL only when the user's status
/// version has changed), and the 401 problem.
/// </summary>
public sealed class SanctumJwtBearerEvents(
    TicketStore tickets, UserStatusCache statuses, DependencyFailureLog failures) : JwtBearerEvents
{
    private const string FailureMessageKey = "auth_failure_message";
    private const string DependencyFailedKey = "auth_dependency_failed";

    /// <summary>The WebSocket handshakes of contract 12.1, the only requests a ticket authenticates.</summary>
    private static readonly PathString[] HandshakePaths = ["/api/ws", "/api/ws/chat", "/api/ws/game"];

    private static bool IsWebSocketPath(HttpContext context) => context.Request.Path.StartsWithSegments("/api/ws");

    private static bool IsHandshakePath(HttpContext context)
    {
        var path = new PathString(context.Request.Path.Value?.TrimEnd('/'));
        return HandshakePaths.Any(handshake => handshake.Equals(path));
    }

    public override async Task MessageReceived(MessageReceivedContext context)
    {
        var http = context.HttpContext;

        // A ticket is a credential only for a handshake; anywhere else it is ignored and stays unused.
        var ticket = IsHandshakePath(http) ? http.Request.Query["ticket"].ToString() : "";
        if (ticket.Length > 0)
        {
            await WithDependencyFailuresAsync(context, () => AuthenticateTicketAsync(context, ticket));
            return;
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

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        context.HttpContext.Items[FailureMessageKey] = context.Exception switch
        {
            SecurityTokenInvalidIssuerException => "Invalid token issuer",
            SecurityTokenInvalidAudienceException => "Invalid token audience",
            _ => "Invalid or expired token",
        };
        return Task.CompletedTask;
    }

    public override Task TokenValidated(TokenValidatedContext context) => WithDependencyFailuresAsync(context, () => LoadUserAsync(context));

    public override async Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        if (context.HttpContext.Items.ContainsKey(DependencyFailedKey))
        {
            await context.HttpContext.WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, UnhandledExceptionHandler.UnavailableMessage);
            return;
        }
        var message = context.HttpContext.Items[FailureMessageKey] as string ?? "Authorization required";
        await context.HttpContext.WriteProblemAsync(StatusCodes.Status401Unauthorized, message);
    }

    /// <summary>
    /// PostgreSQL (the user row) or Redis (a ticket) failing while a request authenticates: the request goes on
    /// unauthenticated, so a route that needs a user answers 503 from <see cref="Challenge"/> and a public read is still
    /// served (anonymously, e.g. from the cache). Reported once per burst, rather than thrown for the bearer handler
    /// to log as an error on every request.
    /// </summary>
    private async Task WithDependencyFailuresAsync(ResultContext<JwtBearerOptions> context, Func<Task> authenticate)
    {
        try
        {
            await authenticate();
        }
        catch (Exception ex) when (DependencyFailures.Classify(ex) is string dependency)
        {
            failures.Report(LogLevel.Warning, dependency, "request not authenticated", "auth", ex);
            context.HttpContext.Items[DependencyFailedKey] = true;
            context.Fail(UnhandledExceptionHandler.UnavailableMessage);
        }
    }

    private async Task AuthenticateTicketAsync(MessageReceivedContext context, string ticket)
    {
        if (await tickets.ConsumeAsync(ticket) is not { } grant)
        {
            Fail(context, "Invalid or expired WebSocket ticket");
            return;
        }
        // The session that asked for the ticket has logged out since: it cannot open a socket any more.
        var principal = await CheckSessionAsync(context, grant.UserId, grant.TokenId, jwtPrincipal: null);
        if (principal is not null)
        {
            context.Principal = principal;
            context.Success();
        }
    }

    private async Task LoadUserAsync(TokenValidatedContext context)
    {
        var jwtPrincipal = context.Principal!;
        var userId = jwtPrincipal.FindUserId();
        if (userId is null)
        {
            Fail(context, "Invalid user ID in token");
            return;
        }
        var principal = await CheckSessionAsync(context, userId.Value, jwtPrincipal.FindFirstValue(SanctumClaims.TokenId), jwtPrincipal);
        if (principal is not null)
        {
            context.Principal = principal;
        }
    }

    /// <summary>
    /// Revocation and the user's current status, in one Redis round trip and usually no PostgreSQL read
    /// (<see cref="UserStatusCache"/>, which also fails the revocation check open when Redis is down, as contract 1.1
    /// says). Builds the request's principal; null (and the context failed) when the token is revoked or the user is gone.
    /// </summary>
    private async Task<ClaimsPrincipal?> CheckSessionAsync(ResultContext<JwtBearerOptions> context, long userId, string? jti, ClaimsPrincipal? jwtPrincipal)
    {
        var check = await statuses.CheckAsync(userId, jti, context.HttpContext.RequestAborted);
        if (check.Revoked)
        {
            Fail(context, "Token has been revoked");
            return null;
        }
        if (check.Status is not { } status)
        {
            Fail(context, "User no longer exists");
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
}
