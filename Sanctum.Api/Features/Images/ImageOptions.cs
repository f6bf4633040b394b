using System.ComponentModel.DataAnnotations;

namespace Sanctum.Api.Features.Images;

/// <summary>Section <c>Images</c>: where masters and variants live and the upload limits (contract 6).</summary>
public sealed class ImageOptions
{
    public const string Section = "Images";

    /// <summary>The media folder served under <c>/media/i/</c>; the AppHost sets it (<c>Images__Directory</c>).
    /// A relative path is taken from the process's working directory.</summary>
    [Required]
    public string Directory { get; set; } = Path.Combine(".data", "media");

    /// <summary>The largest accepted file (the contract's 10 MiB, "File too large (max 10MB)").</summary>
    [Range(1, 512L * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Width × height read from the header above which a file is refused before it is decoded
    /// (decompression bombs): 50 million pixels is a 200 MB RGBA bitmap.</summary>
    [Range(1, 500_000_000L)]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>The request size limit of the upload route: the file limit plus room for the multipart envelope.
    /// A larger body is refused with 413 before it is read.</summary>
    public long MaxRequestBytes => MaxUploadBytes + 64 * 1024;

    public string FullDirectory => Path.GetFullPath(Directory);
}
