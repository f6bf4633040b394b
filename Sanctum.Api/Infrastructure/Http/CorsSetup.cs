using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Sanctum.Api.Infrastructure.Http;

/// <summary>Section <c>Cors</c>: the browser origins allowed to call the API with credentials (contract 0.1).</summary>
public sealed class SanctumCorsOptions
{
    public const string Section = "Cors";

    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>An origin exactly as a browser sends it: scheme, host and a non-default port, nothing else. A wildcard
    /// cannot go with credentials, and anything longer would never match.</summary>
    public static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.Equals(uri.GetLeftPart(UriPartial.Authority), value, StringComparison.OrdinalIgnoreCase);
}

public static class CorsSetup
{
    public static IServiceCollection AddSanctumCors(this IServiceCollection services)
    {
        services.AddOptions<SanctumCorsOptions>().BindConfiguration(SanctumCorsOptions.Section)
            .Validate(options => options.AllowedOrigins.All(SanctumCorsOptions.IsOrigin),
                "Cors:AllowedOrigins must hold origins like https://app.example.com (scheme, host, optional port; no path, no wildcard).")
            .ValidateOnStart();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<SanctumCorsOptions>>((cors, settings) => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(settings.Value.AllowedOrigins)
            .AllowCredentials()
            .WithHeaders("Origin", "Content-Type", "Accept", "Authorization", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version")
            .WithMethods("GET", "POST", "HEAD", "PUT", "DELETE", "PATCH")
            // The feed's keyset cursor (GET /api/posts?cursor=) comes back in a header, which a browser script can read only if exposed.
            .WithExposedHeaders(Features.Posts.PostsApi.NextCursorHeader)
            .SetPreflightMaxAge(TimeSpan.FromDays(1))));
        return services;
    }
}
