using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Sanctum.Tests.Unit;

/// <summary>A service provider with the given configuration and environment, to run options validation as startup does.</summary>
internal static class OptionsTestHost
{
    public static ServiceProvider Build(string environment, Dictionary<string, string?> settings, Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<IHostEnvironment>(new Environment(environment));
        services.AddLogging();
        register(services);
        return services.BuildServiceProvider();
    }

    /// <summary>What the host runs before it starts: every <c>ValidateOnStart</c> options class is validated.</summary>
    public static void ValidateOnStart(this IServiceProvider services) => services.GetRequiredService<IStartupValidator>().Validate();

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Sanctum.Api";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
