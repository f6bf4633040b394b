using SkiaSharp;

namespace Sanctum.Api.Features.Images;

/// <summary>The accepted source formats, recognized from their magic bytes only.</summary>
public enum ImageFormat
{
    Jpeg,
    Png,
    Gif,
    Webp,
}

/// <summary>A decoded, cropped and downscaled master as JPEG; encoding from pixels carries no metadata (EXIF, GPS, ICC
/// comments) from the source. Its WebP twin is the worker's (<see cref="ImageVariants"/>).</summary>
public sealed record EncodedMaster(byte[] Jpeg, int Width, int Height, string CropMode);

/// <summary>Why a file could not become a master.</summary>
public enum DecodeFailure
{
    None,
    Undecodable,
    TooManyPixels,
}

/// <summary>SkiaSharp behind four operations: sniff, decode under a pixel limit, center-crop to the contract's aspect,
/// resize to fit, encode (contract 6).</summary>
public static class ImageCodec
{
    public const int MasterMaxSide = 2048;
    public const int JpegQuality = 82;
    public const int WebpQuality = 70;

    /// <summary>The allowed aspects (width / height) and their crop modes.</summary>
    private static readonly (double Aspect, string Mode)[] Aspects = [(1.91, "landscape"), (1.0, "square"), (0.8, "portrait")];

    /// <summary>The format the bytes begin with, or null for anything else (a name or declared type never counts).</summary>
    public static ImageFormat? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            return ImageFormat.Jpeg;
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ImageFormat.Png;
        }
        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return ImageFormat.Gif;
        }
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return ImageFormat.Webp;
        }
        return null;
    }

    /// <summary>The MIME type of a sniffed format.</summary>
    public static string MimeType(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Png => "image/png",
        ImageFormat.Gif => "image/gif",
        _ => "image/webp",
    };

    /// <summary>
    /// Decodes the file (the first frame of an animation), refusing more than <paramref name="maxPixels"/> from the
    /// header before any pixel is allocated, then crops, downscales and encodes the master as JPEG.
    /// </summary>
    public static (EncodedMaster? Master, DecodeFailure Failure) CreateMaster(byte[] bytes, long maxPixels)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return (null, DecodeFailure.Undecodable);
        }
        var header = codec.Info;
        if (header.Width <= 0 || header.Height <= 0)
        {
            return (null, DecodeFailure.Undecodable);
        }
        if ((long)header.Width * header.Height > maxPixels)
        {
            return (null, DecodeFailure.TooManyPixels);
        }

        var info = new SKImageInfo(header.Width, header.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var source = new SKBitmap(info);
        var result = codec.GetPixels(info, source.GetPixels());
        if (result != SKCodecResult.Success)
        {
            // IncompleteInput (a truncated file) leaves part of the picture blank: refused, not stored.
            return (null, DecodeFailure.Undecodable);
        }

        // EXIF orientation is applied to the pixels, since re-encoding drops the tag that described it.
        using var turned = codec.EncodedOrigin == SKEncodedOrigin.TopLeft ? null : Orient(source, codec.EncodedOrigin);
        var upright = turned ?? source;
        var (crop, mode) = CenterCrop(upright.Width, upright.Height);
        var (width, height) = FitWithin(crop.Width, crop.Height, MasterMaxSide);
        // A crop that needs no scaling is copied pixel for pixel: cubic resampling at 1:1 changes nothing and costs
        // about as much as the JPEG encode (bench/README.md, "Images").
        var sampling = (width, height) == (crop.Width, crop.Height) ? SKSamplingOptions.Default : new SKSamplingOptions(SKCubicResampler.Mitchell);
        using var master = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(master))
        using (var image = SKImage.FromBitmap(upright))
        {
            // JPEG has no alpha: transparent pixels become white, not black.
            canvas.Clear(SKColors.White);
            canvas.DrawImage(image, SKRect.Create(crop.Left, crop.Top, crop.Width, crop.Height), SKRect.Create(0, 0, width, height), sampling, null);
        }
        return (new EncodedMaster(Encode(master, SKEncodedImageFormat.Jpeg, JpegQuality), width, height, mode), DecodeFailure.None);
    }

    /// <summary>The bitmap as it is meant to be seen: a copy turned or mirrored for the EXIF orientation (the caller
    /// disposes both).</summary>
    public static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        var (w, h) = (source.Width, source.Height);
        var swapped = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        // x' = ScaleX·x + SkewX·y + TransX, y' = SkewY·x + ScaleY·y + TransY
        var matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => SKMatrix.Identity,
        };
        var result = new SKBitmap(new SKImageInfo(swapped ? h : w, swapped ? w : h, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(result);
        canvas.SetMatrix(matrix);
        canvas.DrawBitmap(source, 0, 0);
        return result;
    }

    /// <summary>The centered rectangle with the allowed aspect nearest to the image's, and its mode; <c>free</c> (the whole
    /// image) when the crop would leave nothing.</summary>
    public static (SKRectI Crop, string Mode) CenterCrop(int width, int height)
    {
        var aspect = (double)width / height;
        var (target, mode) = Aspects.MinBy(candidate => Math.Abs(Math.Log(aspect / candidate.Aspect)));
        int cropWidth = width, cropHeight = height;
        if (aspect > target)
        {
            cropWidth = (int)Math.Round(height * target);
        }
        else if (aspect < target)
        {
            cropHeight = (int)Math.Round(width / target);
        }
        if (cropWidth < 1 || cropHeight < 1)
        {
            return (SKRectI.Create(0, 0, width, height), "free");
        }
        var left = (width - cropWidth) / 2;
        var top = (height - cropHeight) / 2;
        return (SKRectI.Create(left, top, cropWidth, cropHeight), mode);
    }

    /// <summary>The size that fits within <paramref name="maxSide"/> on both sides, keeping the aspect; never larger.</summary>
    public static (int Width, int Height) FitWithin(int width, int height, int maxSide)
    {
        var scale = Math.Min(1.0, Math.Min((double)maxSide / width, (double)maxSide / height));
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using var data = bitmap.Encode(format, quality)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode {format}.");
        return data.ToArray();
    }
}
