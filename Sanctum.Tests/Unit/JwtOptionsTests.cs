using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
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
        var error = Assert.Throws<InvalidOperationException>(() => JwtOptions.FromConfiguration(Config(key), new Environment("Production"), NullLogger.Instance));

        Assert.Contains("Jwt:SigningKey", error.Message);
    }

    [Fact]
    public void Outside_development_a_strong_key_is_used()
    {
        var key = new string('k', 40) + "Q7";
        var options = JwtOptions.FromConfiguration(Config(key), new Environment("Production"), NullLogger.Instance);

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(key), options.SigningKey.Key);
    }

    [Fact]
    public void In_development_a_missing_key_is_replaced_by_a_random_one()
    {
        var first = JwtOptions.FromConfiguration(Config(null), new Environment("Development"), NullLogger.Instance);
        var second = JwtOptions.FromConfiguration(Config(null), new Environment("Development"), NullLogger.Instance);

        Assert.True(first.SigningKey.Key.Length >= 32);
        Assert.NotEqual(first.SigningKey.Key, second.SigningKey.Key);
    }

    private static IConfiguration Config(string? key) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Jwt:SigningKey"] = key }).Build();

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Sanctum.Api";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
