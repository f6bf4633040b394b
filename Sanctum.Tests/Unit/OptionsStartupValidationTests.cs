using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sanctum.Api.Infrastructure.Bench;
using Sanctum.Api.Infrastructure.Http;
using Sanctum.Api.Infrastructure.RateLimiting;

namespace Sanctum.Tests.Unit;

/// <summary>Rate limits, CORS, trusted proxies and bench are bound once from configuration and checked at startup
/// (the host runs <see cref="IStartupValidator"/> before it starts serving).</summary>
public sealed class OptionsStartupValidationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddSanctumRateLimits();
        services.AddSanctumCors();
        services.AddTrustedProxies();
        services.AddBenchOptions();
        return services.BuildServiceProvider();
    }

    private static void Start(ServiceProvider services) => services.GetRequiredService<IStartupValidator>().Validate();

    [Fact]
    public void Defaults_are_the_contracts_and_start()
    {
        using var services = Build([]);
        Start(services);

        var limits = services.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        Assert.True(limits.IsEnabled);
        Assert.Equal(100, limits.Global.Limit);
        Assert.Equal(60, limits.Global.WindowSeconds);
        Assert.Equal((10, TimeSpan.FromMinutes(5)), limits.Resolve(RateLimitPolicies.Login));
        Assert.False(services.GetRequiredService<IOptions<BenchOptions>>().Value.PlainEndpoint);
    }

    [Fact]
    public void Policy_overrides_are_bound_by_name()
    {
        using var services = Build(new()
        {
            ["RateLimits:Policies:create_comment:Limit"] = "5",
            ["RateLimits:Policies:SEARCH:WindowSeconds"] = "30",
            ["RateLimits:Global:Limit"] = "300",
        });
        Start(services);

        var limits = services.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        Assert.Equal((5, TimeSpan.FromMinutes(1)), limits.Resolve(RateLimitPolicies.CreateComment));
        Assert.Equal((10, TimeSpan.FromSeconds(30)), limits.Resolve(RateLimitPolicies.Search));
        Assert.Equal(300, limits.Global.Limit);
    }

    [Fact]
    public void An_empty_switch_does_not_turn_the_limits_off()
    {
        using var services = Build(new() { ["RateLimits:Enabled"] = "" });
        Start(services);

        Assert.True(services.GetRequiredService<IOptions<RateLimitOptions>>().Value.IsEnabled);
    }

    [Fact]
    public void Only_false_turns_the_limits_off()
    {
        using var services = Build(new() { ["RateLimits:Enabled"] = "false" });
        Start(services);

        Assert.False(services.GetRequiredService<IOptions<RateLimitOptions>>().Value.IsEnabled);
    }

    [Theory]
    [InlineData("RateLimits:Policies:logn:Limit", "5")]
    [InlineData("RateLimits:Policies:login:Limit", "0")]
    [InlineData("RateLimits:Policies:login:WindowSeconds", "-1")]
    [InlineData("RateLimits:Global:Limit", "0")]
    [InlineData("RateLimits:Global:WindowSeconds", "0")]
    [InlineData("Cors:AllowedOrigins:0", "*")]
    [InlineData("Cors:AllowedOrigins:0", "https://app.example.com/path")]
    [InlineData("Cors:AllowedOrigins:0", "app.example.com")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "proxy.internal")]
    public void A_setting_that_cannot_work_stops_the_start(string key, string value)
    {
        using var services = Build(new() { [key] = value });

        Assert.Throws<OptionsValidationException>(() => Start(services));
    }

    [Fact]
    public void A_malformed_switch_stops_the_start()
    {
        using var services = Build(new() { ["Bench:PlainEndpoint"] = "sometimes" });

        Assert.Throws<InvalidOperationException>(() => Start(services));
    }

    [Fact]
    public void Configured_origins_make_the_default_cors_policy()
    {
        using var services = Build(new() { ["Cors:AllowedOrigins:0"] = "https://app.example.com", ["Cors:AllowedOrigins:1"] = "http://localhost:5173" });
        Start(services);

        var policy = services.GetRequiredService<IOptions<CorsOptions>>().Value.GetPolicy(services.GetRequiredService<IOptions<CorsOptions>>().Value.DefaultPolicyName)!;
        Assert.Equal(["https://app.example.com", "http://localhost:5173"], policy.Origins);
        Assert.True(policy.SupportsCredentials);
    }
}
