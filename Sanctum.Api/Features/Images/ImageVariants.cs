using SkiaSharp;

namespace Sanctum.Api.Features.Images;

/// <summary>
/// The variant sizes of contract 6 and the resize that makes one: the master scaled to fit <c>px</c>×<c>px</c>
/// (aspect kept, never upscaled), encoded as WebP and JPEG with the master's codec settings (<see cref="ImageCodec"/>).
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

    /// <summary>The sizes a master of <paramref name="width"/>×<paramref name="height"/> reaches in both dimensions.</summary>
    public static IEnumerable<Size> SizesFor(int width, int height) =>
        Sizes.Where(size => width >= size.Px && height >= size.Px);

    /// <summary>The master's pixels; throws <see cref="InvalidDataException"/> when they cannot be decoded.</summary>
    public static SKBitmap Decode(byte[] master) =>
        SKBitmap.Decode(master) ?? throw new InvalidDataException("The master could not be decoded.");

    /// <summary>The master scaled to fit <paramref name="px"/>×<paramref name="px"/>.</summary>
    public static SKBitmap Resize(SKBitmap master, int px)
    {
        var (width, height) = ImageCodec.FitWithin(master.Width, master.Height, px);
        return master.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKCubicResampler.Mitchell))
            ?? throw new InvalidDataException($"The master could not be resized to {px}px.");
    }

    /// <summary>WebP at the master's WebP quality, or JPEG at the master's JPEG quality (<see cref="ImageCodec"/>).</summary>
    public static byte[] Encode(SKBitmap bitmap, string format) =>
        format == "webp"
            ? ImageCodec.Encode(bitmap, SKEncodedImageFormat.Webp, ImageCodec.WebpQuality)
            : ImageCodec.Encode(bitmap, SKEncodedImageFormat.Jpeg, ImageCodec.JpegQuality);
}
