using SkiaSharp;

namespace Sanctum.Api.Features.Images;

/// <summary>
/// The variant sizes of contract 6 and the resize that makes one: the master scaled to fit <c>px</c>×<c>px</c>
/// (aspect kept, never upscaled), encoded as WebP (q70) and JPEG (q82). Encoding from pixels writes no metadata.
/// </summary>
public static class ImageVariants
{
    public sealed record Size(string Name, int Px);

    public static readonly IReadOnlyList<Size> Sizes =
    [
        new("thumb", 256),
        new("sm", 640),
        new("md", 1080),
        new("lg", 1440),
        new("xl", 2048),
    ];

    public const int WebpQuality = 70;
    public const int JpegQuality = 82;

    /// <summary>The sizes a master of <paramref name="width"/>×<paramref name="height"/> reaches in both dimensions.</summary>
    public static IEnumerable<Size> SizesFor(int width, int height) =>
        Sizes.Where(size => width >= size.Px && height >= size.Px);

    /// <summary>The master's pixels; throws <see cref="InvalidDataException"/> when they cannot be decoded.</summary>
    public static SKBitmap Decode(byte[] master) =>
        SKBitmap.Decode(master) ?? throw new InvalidDataException("The master could not be decoded.");

    /// <summary>The master scaled to fit <paramref name="px"/>×<paramref name="px"/>.</summary>
    public static SKBitmap Resize(SKBitmap master, int px)
    {
        var scale = Math.Min(1.0, Math.Min((double)px / master.Width, (double)px / master.Height));
        var width = Math.Max(1, (int)Math.Round(master.Width * scale));
        var height = Math.Max(1, (int)Math.Round(master.Height * scale));
        return master.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKCubicResampler.Mitchell))
            ?? throw new InvalidDataException($"The master could not be resized to {px}px.");
    }

    public static byte[] Encode(SKBitmap bitmap, string format)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = format == "webp"
            ? image.Encode(SKEncodedImageFormat.Webp, WebpQuality)
            : image.Encode(SKEncodedImageFormat.Jpeg, JpegQuality);
        return data?.ToArray() ?? throw new InvalidDataException($"The variant could not be encoded as {format}.");
    }
}
