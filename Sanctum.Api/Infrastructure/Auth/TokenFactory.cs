using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Sanctum.Api.Infrastructure.Auth;

public sealed record IssuedToken(string Token, string Jti, DateTime ExpiresAt);

/// <summary>A refresh token's claims; <c>Family</c> is its <c>fam</c> claim (its own jti for tokens issued before families).</summary>
public sealed record RefreshClaims(long UserId, string Jti, string Family);

/// <summary>Creates and reads the HS256 tokens of contract 1.1 (access tokens are read by the JWT bearer handler).</summary>
public sealed class TokenFactory(IOptions<JwtOptions> options, TimeProvider clock)
{
    private readonly SymmetricSecurityKey _key = options.Value.SecurityKey;
    private readonly TokenValidationParameters _refreshValidation = options.Value.RefreshTokenValidation();
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public IssuedToken CreateAccessToken(long userId, string username)
    {
        var claims = new Dictionary<string, object> { [SanctumClaims.Username] = username };
        return Create(userId, JwtOptions.AccessAudience, JwtOptions.AccessLifetime, claims);
    }

    /// <summary>A refresh token of the given family: a new one at login, the presented token's at rotation.</summary>
    public IssuedToken CreateRefreshToken(long userId, string family) =>
        Create(userId, JwtOptions.RefreshAudience, JwtOptions.RefreshLifetime, new Dictionary<string, object> { [SanctumClaims.Family] = family });

    /// <summary>A new refresh-token family id (32 lowercase hex characters), one per login.</summary>
    public static string NewFamily() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Validates a refresh token; the error strings are the contract's 401 messages.</summary>
    public async Task<(RefreshClaims? Claims, string? Error)> ReadRefreshTokenAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, _refreshValidation);
        if (!result.IsValid)
        {
            return (null, "Invalid or expired refresh token");
        }
        var audience = result.Claims.TryGetValue("aud", out var aud) ? aud?.ToString() : null;
        if (audience != JwtOptions.RefreshAudience)
        {
            return (null, "Invalid token type");
        }
        if (!result.Claims.TryGetValue(SanctumClaims.TokenId, out var jtiClaim) || jtiClaim is not string jti || jti.Length == 0)
        {
            return (null, "Invalid JTI claim");
        }
        var subject = result.Claims.TryGetValue(SanctumClaims.Subject, out var sub) ? sub as string : null;
        if (!long.TryParse(subject, NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            return (null, "Invalid user ID in token");
        }
        var family = result.Claims.TryGetValue(SanctumClaims.Family, out var fam) && fam is string { Length: > 0 } value ? value : jti;
        return (new RefreshClaims(userId, jti, family), null);
    }

    private IssuedToken Create(long userId, string audience, TimeSpan lifetime, Dictionary<string, object> claims)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + lifetime;
        var jti = NewJti(now);
        claims[SanctumClaims.Subject] = userId.ToString(CultureInfo.InvariantCulture);
        claims[SanctumClaims.TokenId] = jti;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = JwtOptions.Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, jti, expires);
    }

    /// <summary>"&lt;unix-seconds&gt;-&lt;8 hex chars&gt;" as in the original.</summary>
    private static string NewJti(DateTime now) =>
        $"{new DateTimeOffset(now).ToUnixTimeSeconds()}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
}
