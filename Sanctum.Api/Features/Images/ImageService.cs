using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Images;

/// <summary>A file as the upload route received it: its declared type and name are hints, never trusted.</summary>
public sealed record ImageUpload(Stream? Content, long Length, string? DeclaredType, string? FileName);

/// <summary>Upload, dedupe and lookup of images (contract 6, synchronous part); the variants are the worker's.</summary>
public sealed class ImageService(ImageStore store, IImageStorage storage, IOptions<ImageOptions> options)
{
    public const string NoFile = "No file uploaded";
    public const string TooLarge = "File too large (max 10MB)";
    public const string InvalidType = "Invalid image type";
    public const string InvalidFile = "Invalid image file";
    public const string TooManyPixels = "Image dimensions too large";
    public const string TypeMismatch = "Image content type mismatch";
    public const string InvalidHash = "Invalid image hash";
    public const int FilenameMaxLength = 255;

    private readonly ImageOptions _options = options.Value;

    /// <summary>
    /// Validates the file from its bytes, makes the master and stores it; the same user's same image returns the
    /// existing record. Files are written before the row, and removed again if the row cannot be written.
    /// </summary>
    public async Task<Result<ImageDto>> UploadAsync(Caller caller, ImageUpload upload, CancellationToken cancellationToken)
    {
        if (upload.Content is null || upload.Length <= 0)
        {
            return Error.Validation(NoFile);
        }
        if (upload.Length > _options.MaxUploadBytes)
        {
            return Error.Validation(TooLarge);
        }

        var bytes = new byte[upload.Length];
        await upload.Content.ReadExactlyAsync(bytes, cancellationToken);
        if (ImageCodec.Sniff(bytes) is not { } format)
        {
            return Error.Validation(InvalidType);
        }
        if (DeclaredMismatch(upload.DeclaredType, format))
        {
            return Error.Validation(TypeMismatch);
        }

        var (master, failure) = ImageCodec.CreateMaster(bytes, _options.MaxPixels);
        if (master is null)
        {
            return Error.Validation(failure == DecodeFailure.TooManyPixels ? TooManyPixels : InvalidFile);
        }

        var hash = Hash(caller.UserId, master.Jpeg);
        if (await store.FindByHashAsync(hash, cancellationToken) is { } existing)
        {
            return await ToDtoAsync(existing, cancellationToken);
        }

        var masterKey = $"{hash}/{ImageUrls.MasterJpeg}";
        ImageRow? inserted;
        try
        {
            await storage.WriteAsync(masterKey, master.Jpeg, cancellationToken);
            inserted = await store.InsertAsync(
                new NewImage(hash, caller.UserId, CleanFilename(upload.FileName), master.Jpeg.Length, master.Width, master.Height, master.CropMode, masterKey),
                cancellationToken);
        }
        catch (Exception)
        {
            // Nothing of a failed upload stays on disk; the failure itself goes on to the exception handler.
            await storage.DeletePrefixAsync(hash, CancellationToken.None);
            throw;
        }

        // Null: the same user's concurrent upload of the same image inserted first; its files are these same bytes.
        var row = inserted ?? await store.FindByHashAsync(hash, cancellationToken)
            ?? throw new InvalidOperationException($"Image {hash} lost its insert race but has no row.");
        return await ToDtoAsync(row, cancellationToken);
    }

    public async Task<Result<ImageStatusDto>> StatusAsync(string hash, CancellationToken cancellationToken)
    {
        if (!ImageUrls.IsValidHash(hash) || await store.FindByHashAsync(hash, cancellationToken) is not { } row)
        {
            return Error.NotFound("Image", hash);
        }
        var variants = await store.VariantsAsync(row.Id, cancellationToken);
        return new ImageStatusDto(row.Status, row.CropMode, ImageUrls.Master(hash), ImageUrls.Variants(hash, variants));
    }

    /// <summary>Where GET /api/images/{hash} redirects, or the contract's 400 for a hash that is not lowercase hex.</summary>
    public static Result<string> MasterUrl(string hash) =>
        ImageUrls.IsValidHash(hash) ? ImageUrls.Master(hash) : Error.Validation(InvalidHash);

    /// <summary>Hex SHA-256 of <c>"&lt;userId&gt;:"</c> followed by the master JPEG's bytes.</summary>
    public static string Hash(long userId, ReadOnlySpan<byte> masterJpeg)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.ASCII.GetBytes($"{userId}:"));
        sha.AppendData(masterJpeg);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>True when the part declares an <c>image/*</c> type other than the sniffed one (jpg ≡ jpeg); other
    /// declared types (application/octet-stream, none) say nothing and are ignored.</summary>
    public static bool DeclaredMismatch(string? declared, ImageFormat sniffed)
    {
        var type = declared?.Split(';')[0].Trim().ToLowerInvariant();
        if (type is null || !type.StartsWith("image/", StringComparison.Ordinal))
        {
            return false;
        }
        if (type == "image/jpg" || type == "image/pjpeg")
        {
            type = "image/jpeg";
        }
        return type != ImageCodec.MimeType(sniffed);
    }

    /// <summary>The name as stored: trimmed, at most 255 characters, or empty when it holds a control character.</summary>
    public static string CleanFilename(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length > FilenameMaxLength)
        {
            trimmed = trimmed[..FilenameMaxLength];
            if (char.IsHighSurrogate(trimmed[^1]))
            {
                trimmed = trimmed[..^1];
            }
            trimmed = trimmed.TrimEnd();
        }
        return TextRules.IsClean(trimmed, multiline: false) ? trimmed : "";
    }

    private async Task<ImageDto> ToDtoAsync(ImageRow row, CancellationToken cancellationToken)
    {
        var variants = await store.VariantsAsync(row.Id, cancellationToken);
        return new ImageDto(row.Id, row.Hash, row.Status, row.Width, row.Height, row.CropMode, row.SizeBytes, row.MimeType,
            ImageUrls.Master(row.Hash), ImageUrls.Variants(row.Hash, variants));
    }
}
