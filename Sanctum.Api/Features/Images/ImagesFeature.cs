using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Sanctum.Api.Features.Images;

public static class ImagesFeature
{
    /// <summary>Files under <c>/media/i/</c> never change once written (their folder is their content hash).</summary>
    public const string CacheControl = "public, max-age=31536000, immutable";

    public static WebApplicationBuilder AddImagesFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImageOptions>().BindConfiguration(ImageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ImageStore>();
        builder.Services.AddSingleton<ImageService>();
        builder.Services.AddSingleton<IImageStorage, FileImageStorage>();
        return builder;
    }

    /// <summary>
    /// Serves the media folder at <c>/media/i/</c> as static files: public, no directory listing, only known types
    /// (.jpg, .webp; a writer's temporary file is never served), with ETag/Last-Modified from the file and a year of
    /// immutable caching. <see cref="PhysicalFileProvider"/> refuses paths that leave the folder.
    /// </summary>
    public static WebApplication UseImageFiles(this WebApplication app)
    {
        var folder = app.Services.GetRequiredService<IOptions<ImageOptions>>().Value.FullDirectory;
        Directory.CreateDirectory(folder);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(folder),
            RequestPath = ImageUrls.MediaPrefix,
            ServeUnknownFileTypes = false,
            OnPrepareResponse = context => context.Context.Response.Headers[HeaderNames.CacheControl] = CacheControl,
        });
        return app;
    }
}
