using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Sanctum.Api.Infrastructure.Auth;

/// <summary>Token settings of contract 1.1. Only the signing key is configurable (<c>Jwt:SigningKey</c>).</summary>
public sealed class JwtOptions
{
    public const string Issuer = "sanctum-api";
    public const string AccessAudience = "sanctum-client";
    public const string RefreshAudience = "sanctum-refresh";
    public static readonly string[] AcceptedIssuers = [Issuer, "vibeshift-api"];
    public static readonly string[] AcceptedAudiences = [AccessAudience, "vibeshift-client"];
    public static readonly TimeSpan AccessLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(7);

    private const int MinimumKeyLength = 32;
    private static readonly string[] KnownWeakKeys = ["secret", "changeme", "your-secret-key", "your-256-bit-secret", "dev-secret"];

    public JwtOptions(SymmetricSecurityKey signingKey) => SigningKey = signingKey;

    public SymmetricSecurityKey SigningKey { get; }

    /// <summary>Reads the key; outside Development a missing or weak key stops the app at startup.</summary>
    public static JwtOptions FromConfiguration(IConfiguration configuration, IHostEnvironment environment, ILogger logger)
    {
        var key = configuration["Jwt:SigningKey"];
        var weak = string.IsNullOrWhiteSpace(key)
            || key.Length < MinimumKeyLength
            || KnownWeakKeys.Any(weakKey => key.Contains(weakKey, StringComparison.OrdinalIgnoreCase));
        if (weak)
        {
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"Jwt:SigningKey must be set to a random secret of at least {MinimumKeyLength} characters outside Development.");
            }
            logger.LogWarning("Jwt:SigningKey is missing or weak; using a random key for this Development run");
            key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        }
        return new JwtOptions(new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(key!)));
    }
}
