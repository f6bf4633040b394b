namespace Sanctum.Api.Features.Images;

/// <summary>POST /api/images/upload's answer (contract 6).</summary>
public sealed record ImageDto(
    long Id,
    string Hash,
    string Status,
    int Width,
    int Height,
    string CropMode,
    long SizeBytes,
    string MimeType,
    string Url,
    IReadOnlyDictionary<string, string> Variants);

/// <summary>GET /api/images/{hash}/status's answer (contract 6).</summary>
public sealed record ImageStatusDto(string Status, string CropMode, string Url, IReadOnlyDictionary<string, string> Variants);

/// <summary>One <c>images</c> row as the API reads it.</summary>
public sealed record ImageRow(long Id, string Hash, long UserId, string Status, int Width, int Height, string CropMode, long SizeBytes, string MimeType);

/// <summary>One <c>image_variants</c> row: its size and format name the file <c>&lt;px&gt;.&lt;fmt&gt;</c>.</summary>
public sealed record ImageVariantRow(int SizePx, string Format);

/// <summary>A new master's row, written after its files.</summary>
public sealed record NewImage(string Hash, long UserId, string OriginalFilename, long SizeBytes, int Width, int Height, string CropMode, string OriginalPath);

/// <summary>The URLs of an image's files (contract 6): everything under <c>/media/i/&lt;hash&gt;/</c>.</summary>
public static class ImageUrls
{
    public const string MediaPrefix = "/media/i";
    public const string MasterJpeg = "master.jpg";
    public const string MasterWebp = "master.webp";

    public static string Master(string hash) => $"{MediaPrefix}/{hash}/{MasterJpeg}";

    /// <summary>The contract's variants map: <c>"&lt;px&gt;_&lt;fmt&gt;"</c> → <c>/media/i/&lt;hash&gt;/&lt;px&gt;.&lt;fmt&gt;</c>.</summary>
    public static IReadOnlyDictionary<string, string> Variants(string hash, IEnumerable<ImageVariantRow> variants) =>
        variants.ToDictionary(v => $"{v.SizePx}_{v.Format}", v => $"{MediaPrefix}/{hash}/{v.SizePx}.{v.Format}");

    /// <summary>True for a 64-character lowercase hex SHA-256.</summary>
    public static bool IsValidHash(string? hash) =>
        hash is { Length: 64 } && hash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
