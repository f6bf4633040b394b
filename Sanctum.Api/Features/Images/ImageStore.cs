using Npgsql;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Images;

/// <summary>SQL for <c>images</c> and <c>image_variants</c> (contract 15).</summary>
public sealed class ImageStore(NpgsqlDataSource db)
{
    private const string Columns = "id, hash, user_id, status, width, height, crop_mode, size_bytes, mime_type";

    public Task<ImageRow?> FindByHashAsync(string hash, CancellationToken cancellationToken)
    {
        const string sql = $"SELECT {Columns} FROM images WHERE hash = @hash";
        return db.QuerySingleOrDefaultAsync<ImageRow>(sql, new { hash }, cancellationToken);
    }

    public Task<IReadOnlyList<ImageVariantRow>> VariantsAsync(long imageId, CancellationToken cancellationToken)
    {
        const string sql = "SELECT size_px, format FROM image_variants WHERE image_id = @imageId ORDER BY size_px, format";
        return db.QueryListAsync<ImageVariantRow>(sql, new { imageId }, cancellationToken);
    }

    /// <summary>Inserts the queued row; null when a row with that hash already exists (a concurrent upload won).</summary>
    public Task<ImageRow?> InsertAsync(NewImage image, CancellationToken cancellationToken)
    {
        const string sql = $"""
            INSERT INTO images (hash, user_id, original_filename, mime_type, size_bytes, width, height, original_path, crop_mode, status)
            VALUES (@Hash, @UserId, @OriginalFilename, 'image/jpeg', @SizeBytes, @Width, @Height, @OriginalPath, @CropMode, 'queued')
            ON CONFLICT (hash) DO NOTHING
            RETURNING {Columns}
            """;
        return db.QuerySingleOrDefaultAsync<ImageRow>(sql, image, cancellationToken);
    }
}
