using Sanctum.Api.Features.Conversations;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.RateLimiting;

namespace Sanctum.Api.Features.Auth;

/// <summary>Signup, login, refresh rotation and logout (contract 1).</summary>
public sealed class AuthService(
    UserService users, UserStatusStore statuses, TokenFactory tokens, TokenStore tokenStore, LoginAttemptLimiter loginAttempts, TimeProvider clock,
    PasswordHashing passwords, WelcomeBot? welcomeBot = null)
{
    /// <summary>
    /// The user row commits only after its refresh token is stored, so a Redis failure (503) leaves no account behind
    /// and the client's retry succeeds instead of getting 409. The welcome bot's DM (contract 17) follows the commit; it
    /// logs its own failures and never fails the signup.
    /// </summary>
    public async Task<Result<AuthResponse>> SignupAsync(SignupRequest request, CancellationToken cancellationToken)
    {
        var passwordHash = await passwords.HashAsync(request.Password!, cancellationToken);
        var result = await users.CreateAsync(request.Username!, request.Email!, passwordHash, async user =>
        {
            var pair = await StartSessionAsync(user.Id, user.Username);
            return new AuthResponse(pair.Token, pair.RefreshToken, user);
        }, cancellationToken);
        if (result.Value is { } signedUp && welcomeBot is not null)
        {
            await welcomeBot.GreetSignupAsync(signedUp.User.Id, cancellationToken);
        }
        return result;
    }

    /// <summary>Counted against the account's failed-login budget (<see cref="LoginAttemptLimiter"/>) beside the route's per-IP limit.</summary>
    public Task<Result<AuthResponse>> LoginAsync(LoginRequest? request, CancellationToken cancellationToken) =>
        loginAttempts.GuardAsync(request?.Email, () => VerifyCredentialsAsync(request, cancellationToken));

    private async Task<Result<AuthResponse>> VerifyCredentialsAsync(LoginRequest? request, CancellationToken cancellationToken)
    {
        var email = request?.Email ?? "";
        var password = request?.Password ?? "";
        var credentials = email.Length == 0 ? null : await users.FindCredentialsByEmailAsync(email, cancellationToken);
        // Checked before the password, as in the original (contract 1.3).
        if (credentials is { User.IsBanned: true })
        {
            return Error.Forbidden("Account is banned");
        }
        // Verified even for an unknown email (against a fixed hash), so that takes as long as a wrong password.
        // Bounded (PasswordHashing), so a burst of logins cannot take every core from the other requests.
        var passwordMatches = await passwords.VerifyAsync(password, credentials?.PasswordHash, cancellationToken);
        if (credentials is null || !passwordMatches)
        {
            return Error.Unauthorized("Invalid credentials");
        }
        var pair = await StartSessionAsync(credentials.User.Id, credentials.User.Username);
        return new AuthResponse(pair.Token, pair.RefreshToken, credentials.User);
    }

    /// <summary>
    /// Rotates a refresh token: the presented one is consumed exactly once, and its successor keeps its family. Replaying
    /// a consumed token revokes the family (see <see cref="TokenStore"/>); a banned or deleted user's family is revoked too.
    /// </summary>
    public async Task<Result<TokenPair>> RefreshAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(refreshToken))
        {
            return Error.Unauthorized("Refresh token required");
        }
        var (claims, error) = await tokens.ReadRefreshTokenAsync(refreshToken);
        if (claims is null)
        {
            return Error.Unauthorized(error!);
        }
        var successor = tokens.CreateRefreshToken(claims.UserId, claims.Family);
        if (await tokenStore.RotateAsync(claims.UserId, claims.Family, claims.Jti, successor.Jti) != RefreshRotation.Rotated)
        {
            return Error.Unauthorized("Refresh token revoked or already used");
        }
        var status = await statuses.FindAsync(claims.UserId, cancellationToken);
        if (status is null || status.IsBanned)
        {
            await tokenStore.RevokeFamilyAsync(claims.UserId, claims.Family);
            return status is null ? Error.Unauthorized("User no longer exists") : Error.Forbidden("Account is banned");
        }
        return new TokenPair(tokens.CreateAccessToken(claims.UserId, status.Username).Token, successor.Token);
    }

    /// <summary>Revokes the access token's jti for its remaining lifetime, and the refresh token if it parses.</summary>
    public async Task LogoutAsync(long userId, string? accessJti, DateTime? accessExpiresAt, string? refreshToken)
    {
        if (!string.IsNullOrEmpty(accessJti) && accessExpiresAt is { } expires)
        {
            await tokenStore.BlacklistAsync(userId, accessJti, expires - clock.GetUtcNow().UtcDateTime);
        }
        if (!string.IsNullOrEmpty(refreshToken) && (await tokens.ReadRefreshTokenAsync(refreshToken)).Claims is { } claims)
        {
            await tokenStore.RevokeRefreshAsync(claims.UserId, claims.Family, claims.Jti);
        }
    }

    /// <summary>A new session (signup, login): an access token and the first refresh token of a new family.</summary>
    private async Task<TokenPair> StartSessionAsync(long userId, string username)
    {
        var access = tokens.CreateAccessToken(userId, username);
        var family = TokenFactory.NewFamily();
        var refresh = tokens.CreateRefreshToken(userId, family);
        await tokenStore.StartFamilyAsync(userId, family, refresh.Jti);
        return new TokenPair(access.Token, refresh.Token);
    }
}
