using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Sanctum.Api.Features.Posts;
using Sanctum.Api.Infrastructure.Http;

namespace Sanctum.Api.Features.Images;

/// <summary>Settings of <see cref="ImageWorker"/>, section <c>Images:Worker</c>.</summary>
public sealed class ImageWorkerOptions
{
    public const string Section = "Images:Worker";

    /// <summary>False: this process claims no images (another process does the work).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long the worker sleeps when the queue is empty.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A <c>processing</c> row claimed longer ago than this is requeued (its worker died).</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Meter <c>Sanctum.Images</c>: <c>sanctum.images.variants_written</c> counts the variant files written.</summary>
public sealed class ImageWorkerMetrics
{
    public const string Name = "Sanctum.Images";

    private readonly Counter<long> _variantsWritten;
    private readonly Counter<long> _images;

    public ImageWorkerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _variantsWritten = meter.CreateCounter<long>("sanctum.images.variants_written", "{file}", "Variant files the image worker wrote on this replica");
        _images = meter.CreateCounter<long>("sanctum.images.processed", "{image}", "Images the worker finished on this replica, per status");
    }

    public void VariantWritten(string format) => _variantsWritten.Add(1, new KeyValuePair<string, object?>("format", format));

    public void Finished(string status) => _images.Add(1, new KeyValuePair<string, object?>("status", status));
}

/// <summary>
/// The background worker of contract 6, in every API replica: requeues <c>processing</c> rows older than
/// <see cref="ImageWorkerOptions.StuckAfter"/>, claims one <c>queued</c> image at a time with <c>FOR UPDATE SKIP
/// LOCKED</c> (so with several replicas each image is claimed by one), writes <c>&lt;px&gt;.webp</c> and
/// <c>&lt;px&gt;.jpg</c> for each size of <see cref="ImageVariants.Sizes"/> the master reaches in both dimensions, records
/// them in <c>image_variants</c>, and marks the image <c>ready</c>, or <c>failed</c> with the error when the master is
/// missing or cannot be decoded (the loop goes on with the next image). Then the cached copies of the posts that show the
/// image are invalidated (<see cref="PostService.ImageChangedAsync"/>). The contract defines no event for the uploader
/// (12.2), so none is raised.
/// </summary>
public sealed class ImageWorker(
    ImageWorkerStore store,
    IImageStorage storage,
    PostService posts,
    ImageWorkerMetrics metrics,
    StartupState startup,
    IOptions<ImageWorkerOptions> options,
    ILogger<ImageWorker> logger) : BackgroundService
{
    private static readonly string[] Formats = ["webp", "jpg"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }
        try
        {
            while (!startup.IsReady)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken);
            }
            while (!stoppingToken.IsCancellationRequested)
            {
                var worked = false;
                try
                {
                    var requeued = await store.RequeueStuckAsync(settings.StuckAfter, stoppingToken);
                    if (requeued > 0)
                    {
                        logger.LogWarning("Requeued {Count} images stuck in processing", requeued);
                    }
                    // Not cancelled by shutdown: an image claimed and cut short would stay "processing" until
                    // StuckAfter. The image in hand is finished (the host's shutdown timeout bounds the wait), and the
                    // loop then ends before claiming another.
                    worked = await ProcessNextAsync(CancellationToken.None);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // A database or Redis outage: the claimed row (if any) stays processing and is requeued later.
                    logger.LogError(ex, "Image worker iteration failed");
                }
                if (!worked && !stoppingToken.IsCancellationRequested)
                {
                    await Task.Delay(settings.PollInterval, stoppingToken);
                }
            }
            logger.LogInformation("Image worker stopped");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Image worker stopped");
        }
    }

    /// <summary>Claims and processes one image; false when the queue was empty.</summary>
    public async Task<bool> ProcessNextAsync(CancellationToken cancellationToken)
    {
        var job = await store.ClaimAsync(cancellationToken);
        if (job is null)
        {
            return false;
        }
        string status;
        try
        {
            var written = await WriteVariantsAsync(job, cancellationToken);
            await store.FinishAsync(job.Id, "ready", null, cancellationToken);
            status = "ready";
            logger.LogInformation("Image {Hash} ready with {Count} variant files (attempt {Attempt})", job.Hash, written, job.ProcessingAttempts);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A missing or undecodable master (or a failed write): this image fails, the loop goes on.
            await store.FinishAsync(job.Id, "failed", ex.Message, cancellationToken);
            status = "failed";
            logger.LogWarning(ex, "Image {Hash} failed: {Error}", job.Hash, ex.Message);
        }
        metrics.Finished(status);
        await posts.ImageChangedAsync(job.Hash, cancellationToken);
        return true;
    }

    private async Task<int> WriteVariantsAsync(ImageJob job, CancellationToken cancellationToken)
    {
        var bytes = await storage.ReadAsync($"{job.Hash}/master.jpg", cancellationToken)
            ?? throw new InvalidDataException("The master file is missing.");
        using var master = ImageVariants.Decode(bytes);
        // The master's WebP twin is made here, not by the upload: WebP is the slowest encode of all (about 5x the JPEG
        // at 2 MP), and an upload's answer needs only the JPEG (bench/README.md, "Images").
        await storage.WriteAsync($"{job.Hash}/{ImageUrls.MasterWebp}", ImageVariants.Encode(master, "webp"), cancellationToken);
        var written = 0;
        foreach (var size in ImageVariants.SizesFor(master.Width, master.Height))
        {
            using var resized = ImageVariants.Resize(master, size.Px);
            foreach (var format in Formats)
            {
                var encoded = ImageVariants.Encode(resized, format);
                var key = $"{job.Hash}/{size.Px}.{format}";
                await storage.WriteAsync(key, encoded, cancellationToken);
                await store.InsertVariantAsync(job.Id, size.Name, size.Px, format, $"/media/i/{key}", resized.Width, resized.Height, encoded.Length, cancellationToken);
                metrics.VariantWritten(format);
                written++;
            }
        }
        return written;
    }
}
