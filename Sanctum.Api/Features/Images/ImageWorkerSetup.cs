namespace Sanctum.Api.Features.Images;

public static class ImageWorkerSetup
{
    /// <summary>The image worker (contract 6) as a hosted service in this process; <c>Images:Worker:Enabled</c>
    /// false turns it off. The <see cref="IImageStorage"/> it reads and writes is registered by the images feature.</summary>
    public static WebApplicationBuilder AddImageWorker(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ImageWorkerOptions>()
            .BindConfiguration(ImageWorkerOptions.Section)
            .Validate(options => options.PollInterval > TimeSpan.Zero && options.StuckAfter > TimeSpan.Zero,
                "Images:Worker:PollInterval and StuckAfter must be positive")
            .ValidateOnStart();
        services.AddSingleton<ImageWorkerStore>();
        services.AddSingleton<ImageWorkerMetrics>();
        services.AddHostedService<ImageWorker>();
        return builder;
    }
}
