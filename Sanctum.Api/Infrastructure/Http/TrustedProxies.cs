using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Sanctum.Api.Infrastructure.Http;

/// <summary>
/// Section <c>ForwardedHeaders</c>: who may say, through <c>X-Forwarded-For</c>/<c>-Proto</c>, who the client is.
/// <c>KnownNetworks</c> are CIDR ranges (<c>10.0.0.0/8</c>), <c>KnownProxies</c> single addresses. When neither is
/// set, only this machine is trusted (<c>127.0.0.0/8</c>, <c>::1</c>: a local reverse proxy, Aspire's endpoint
/// proxy); once either is set, exactly the configured list is, so a deployment names its own load balancer.
/// Every per-IP limit depends on this list: trusting too much lets any client choose its own address.
/// </summary>
public sealed class TrustedProxiesOptions
{
    public const string Section = "ForwardedHeaders";

    public static readonly IReadOnlyList<string> LoopbackNetworks = ["127.0.0.0/8", "::1/128"];

    public string[] KnownNetworks { get; set; } = [];

    public string[] KnownProxies { get; set; } = [];

    /// <summary>Fills the framework's options; the lists have been validated at startup.</summary>
    public void ApplyTo(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        var networks = KnownNetworks.Length == 0 && KnownProxies.Length == 0 ? LoopbackNetworks : KnownNetworks;
        foreach (var network in networks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
        }
        foreach (var proxy in KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
        }
    }
}

public static class TrustedProxiesSetup
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<TrustedProxiesOptions>().BindConfiguration(TrustedProxiesOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrustedProxiesOptions>, TrustedProxiesOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxiesOptions>>((options, trusted) => trusted.Value.ApplyTo(options));
        return services;
    }
}

internal sealed class TrustedProxiesOptionsValidator : IValidateOptions<TrustedProxiesOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxiesOptions options)
    {
        var failures = options.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n.Trim(), out _))
            .Select(n => $"ForwardedHeaders:KnownNetworks: '{n}' is not a CIDR network.")
            .Concat(options.KnownProxies.Where(p => !IPAddress.TryParse(p.Trim(), out _))
                .Select(p => $"ForwardedHeaders:KnownProxies: '{p}' is not an IP address."))
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
