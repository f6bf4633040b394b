using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Sanctum.Api.Infrastructure.Auth;

/// <summary>Token settings of contract 1.1. Only the signing key is configurable (<c>Jwt:SigningKey</c>).</summary>
public sealed class JwtOptions
{
    public const string SectionName = "Jwt";
    public const string Issuer = "sanctum-api";
    public const string AccessAudience = "sanctum-client";
    public const string RefreshAudience = "sanctum-refresh";
    public static readonly string[] AcceptedIssuers = [Issuer, "vibeshift-api"];
    public static readonly string[] AcceptedAudiences = [AccessAudience, "vibeshift-client"];
    public static readonly TimeSpan AccessLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(7);

    /// <summary>
    /// Tolerance on <c>nbf</c> and <c>exp</c>: tokens are issued with <c>nbf</c> = now, so a replica whose clock is a
    /// second behind the issuer's would otherwise refuse a fresh token.
    /// </summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);

    /// <summary>The only signing algorithm accepted; a token signed with another (HS512 with the same key, <c>none</c>) is invalid.</summary>
    public static readonly string[] ValidAlgorithms = [SecurityAlgorithms.HmacSha256];

    public const int MinimumKeyLength = 32;
    private static readonly string[] KnownWeakKeys = ["secret", "changeme", "your-secret-key", "your-256-bit-secret", "dev-secret"];

    private SymmetricSecurityKey? _securityKey;

    /// <summary><c>Jwt:SigningKey</c>: at least <see cref="MinimumKeyLength"/> characters, no well-known placeholder.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>The key as the token handlers take it, made once after the options are final.</summary>
    public SymmetricSecurityKey SecurityKey => _securityKey ??= new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey));

    /// <summary>How the bearer handler checks access tokens (contract 1.1 step 3).</summary>
    public TokenValidationParameters AccessTokenValidation() => new()
    {
        ValidIssuers = AcceptedIssuers,
        ValidAudiences = AcceptedAudiences,
        IssuerSigningKey = SecurityKey,
        ValidAlgorithms = ValidAlgorithms,
        ClockSkew = ClockSkew,
        NameClaimType = SanctumClaims.Username,
    };

    /// <summary>How refresh tokens are checked; the audience is compared afterwards, for the contract's own message.</summary>
    public TokenValidationParameters RefreshTokenValidation() => new()
    {
        ValidIssuers = AcceptedIssuers,
        ValidateAudience = false,
        IssuerSigningKey = SecurityKey,
        ValidAlgorithms = ValidAlgorithms,
        ClockSkew = ClockSkew,
    };

    public static bool IsWeak(string? key) =>
        string.IsNullOrWhiteSpace(key)
        || key.Length < MinimumKeyLength
        || KnownWeakKeys.Any(weakKey => key.Contains(weakKey, StringComparison.OrdinalIgnoreCase));
}

public static class JwtOptionsSetup
{
    /// <summary>
    /// Binds <c>Jwt:*</c>. In Development a missing or weak key is replaced by a random one for the run (tokens then
    /// die with the process); anywhere else it stops the app at startup, before any token is issued.
    /// </summary>
    public static OptionsBuilder<JwtOptions> AddJwtOptions(this IServiceCollection services) =>
        services.AddOptions<JwtOptions>()
            .BindConfiguration(JwtOptions.SectionName)
            .PostConfigure<IHostEnvironment, ILogger<JwtOptions>>((options, environment, logger) =>
            {
                if (environment.IsDevelopment() && JwtOptions.IsWeak(options.SigningKey))
                {
                    logger.LogWarning("Jwt:SigningKey is missing or weak; using a random key for this Development run");
                    options.SigningKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
                }
            })
            .Validate(options => !JwtOptions.IsWeak(options.SigningKey),
                $"Jwt:SigningKey must be set to a random secret of at least {JwtOptions.MinimumKeyLength} characters outside Development.")
            .ValidateOnStart();
}
