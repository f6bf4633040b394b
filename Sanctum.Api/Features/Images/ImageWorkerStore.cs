using Npgsql;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Images;

/// <summary>A claimed image: the row the worker turned to <c>processing</c>.</summary>
public sealed record ImageJob(long Id, string Hash, int Width, int Height, int ProcessingAttempts);

/// <summary>The worker's SQL on <c>images</c> and <c>image_variants</c> (queue through <c>idx_images_work</c>).</summary>
public sealed class ImageWorkerStore(NpgsqlDataSource db)
{
    /// <summary>Puts back in the queue the <c>processing</c> rows claimed longer ago than <paramref name="stuckAfter"/>
    /// (their worker died); returns how many.</summary>
    public Task<int> RequeueStuckAsync(TimeSpan stuckAfter, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE images SET status = 'queued', updated_at = NOW()
            WHERE status = 'processing' AND processing_started_at < NOW() - @stuckAfter
            """;
        return db.ExecuteAsync(sql, new { stuckAfter }, cancellationToken);
    }

    /// <summary>Claims the oldest queued image, skipping rows another replica holds; null when none is queued.</summary>
    public Task<ImageJob?> ClaimAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE images SET status = 'processing', processing_started_at = NOW(),
                              processing_attempts = processing_attempts + 1, updated_at = NOW()
            WHERE id = (SELECT id FROM images WHERE status = 'queued' ORDER BY updated_at, id FOR UPDATE SKIP LOCKED LIMIT 1)
            RETURNING id, hash, width, height, processing_attempts
            """;
        return db.QuerySingleOrDefaultAsync<ImageJob>(sql, null, cancellationToken);
    }

    public Task<int> InsertVariantAsync(long imageId, string sizeName, int sizePx, string format, string path, int width, int height, long bytes, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO image_variants (image_id, size_name, size_px, format, path, width, height, bytes)
            VALUES (@imageId, @sizeName, @sizePx, @format, @path, @width, @height, @bytes)
            ON CONFLICT ON CONSTRAINT uq_image_variants_image_size_format DO NOTHING
            """;
        return db.ExecuteAsync(sql, new { imageId, sizeName, sizePx, format, path, width, height, bytes }, cancellationToken);
    }

    /// <summary>Ends a claim: <c>ready</c>, or <c>failed</c> with the error. Only while the row is still this claim's.</summary>
    public Task<int> FinishAsync(long id, string status, string? error, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE images SET status = @status, error = @error, updated_at = NOW()
            WHERE id = @id AND status = 'processing'
            """;
        return db.ExecuteAsync(sql, new { id, status, error }, cancellationToken);
    }
}
