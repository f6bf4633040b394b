using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Features.Images;

/// <summary>Images over REST (contract 6); the files themselves are static under <c>/media/i/</c> (<see cref="ImagesFeature"/>).</summary>
public static class ImagesApi
{
    public const string ImageField = "image";

    public static RouteGroupBuilder MapImagesApi(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<ImageOptions>>().Value;
        var group = app.MapGroup("/api/images").WithTags("Images");

        // The server-wide body limit is the file limit; this route allows the multipart envelope on top of it.
        group.MapPost("/upload", UploadImage).WithName(nameof(UploadImage)).RequireAuthorization()
            .WithMetadata(new RequestSizeLimitAttribute(options.MaxRequestBytes));
        group.MapGet("/{hash}", RedirectToImage).WithName(nameof(RedirectToImage));
        group.MapGet("/{hash}/status", GetImageStatus).WithName(nameof(GetImageStatus));
        return group;
    }

    /// <summary>Multipart field <c>image</c>; 200 with the new or the caller's existing record.</summary>
    public static async Task<Results<Ok<ImageDto>, ProblemHttpResult>> UploadImage(
        HttpRequest request, ClaimsPrincipal user, ImageService images, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Error.Validation(ImageService.NoFile).ToProblem();
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            // A malformed multipart body (bad boundary, broken part headers) carries no file we could read.
            return Error.Validation(ImageService.NoFile).ToProblem();
        }

        var file = form.Files.GetFile(ImageField);
        await using var content = file?.OpenReadStream();
        var upload = new ImageUpload(content, file?.Length ?? 0, file?.ContentType, file?.FileName);
        return (await images.UploadAsync(user.GetCaller(), upload, cancellationToken)).ToOk();
    }

    /// <summary>301 to the master JPEG; 400 for a hash that is not 64 lowercase hex characters.</summary>
    public static Results<RedirectHttpResult, ProblemHttpResult> RedirectToImage(string hash) =>
        ImageService.MasterUrl(hash) is { Error: null } url
            ? TypedResults.Redirect(url.Value!, permanent: true)
            : Error.Validation(ImageService.InvalidHash).ToProblem();

    public static async Task<Results<Ok<ImageStatusDto>, ProblemHttpResult>> GetImageStatus(
        string hash, ImageService images, CancellationToken cancellationToken) =>
        (await images.StatusAsync(hash, cancellationToken)).ToOk();
}
