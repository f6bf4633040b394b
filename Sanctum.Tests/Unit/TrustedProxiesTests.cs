using Microsoft.AspNetCore.Builder;
using Sanctum.Api.Infrastructure.Http;

namespace Sanctum.Tests.Unit;

/// <summary>The proxies whose X-Forwarded-For is believed come from configuration, loopback when none is set.</summary>
public sealed class TrustedProxiesTests
{
    private static ForwardedHeadersOptions Apply(TrustedProxiesOptions trusted)
    {
        var options = new ForwardedHeadersOptions();
        trusted.ApplyTo(options);
        return options;
    }

    [Fact]
    public void Without_configuration_only_loopback_is_trusted()
    {
        var options = Apply(new TrustedProxiesOptions());

        Assert.Equal(["127.0.0.0/8", "::1/128"], options.KnownIPNetworks.Select(n => n.ToString()));
        Assert.Empty(options.KnownProxies);
    }

    [Fact]
    public void Configured_networks_and_proxies_replace_loopback()
    {
        var options = Apply(new TrustedProxiesOptions { KnownNetworks = ["10.0.0.0/8"], KnownProxies = ["192.0.2.10"] });

        Assert.Equal(["10.0.0.0/8"], options.KnownIPNetworks.Select(n => n.ToString()));
        Assert.Equal([IPAddress.Parse("192.0.2.10")], options.KnownProxies);
    }

    [Fact]
    public void Proxies_alone_replace_loopback_too()
    {
        var options = Apply(new TrustedProxiesOptions { KnownProxies = ["192.0.2.10"] });

        Assert.Empty(options.KnownIPNetworks);
        Assert.Equal([IPAddress.Parse("192.0.2.10")], options.KnownProxies);
    }
}
