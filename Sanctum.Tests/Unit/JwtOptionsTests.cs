using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sanctum.Api.Infrastructure.Auth;

namespace Sanctum.Tests.Unit;

public sealed class JwtOptionsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("too-short")]
    [InlineData("your-256-bit-secret-your-256-bit-secret")]
    public void Outside_development_a_missing_or_weak_key_stops_the_app(string? key)
    {
        using var services = Services("Production", key);

        var error = Assert.Throws<OptionsValidationException>(services.ValidateOnStart);

        Assert.Contains("Jwt:SigningKey", error.Message);
    }

    [Fact]
    public void Outside_development_a_strong_key_is_used()
    {
        var key = new string('k', 40) + "Q7";
        using var services = Services("Production", key);

        services.ValidateOnStart();

        var options = services.GetRequiredService<IOptions<JwtOptions>>().Value;
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(key), options.SecurityKey.Key);
    }

    [Fact]
    public void In_development_a_missing_key_is_replaced_by_a_random_one()
    {
        using var firstRun = Services("Development", null);
        using var secondRun = Services("Development", null);

        firstRun.ValidateOnStart();
        var first = firstRun.GetRequiredService<IOptions<JwtOptions>>().Value;
        var second = secondRun.GetRequiredService<IOptions<JwtOptions>>().Value;

        Assert.True(first.SecurityKey.Key.Length >= JwtOptions.MinimumKeyLength);
        Assert.NotEqual(first.SecurityKey.Key, second.SecurityKey.Key);
    }

    private static ServiceProvider Services(string environment, string? key) =>
        OptionsTestHost.Build(environment, new() { ["Jwt:SigningKey"] = key }, services => services.AddJwtOptions());
}
