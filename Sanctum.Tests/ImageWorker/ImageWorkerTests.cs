using Npgsql;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.ImageWorker;

/// <summary>The background worker of contract 6, running in both API replicas of the fixture.</summary>
[Collection(AppCollection.Name)]
public sealed class ImageWorkerTests(SanctumAppFixture app)
{
    [Fact]
    public async Task An_upload_gets_its_webp_master_and_variants_files_and_rows_and_becomes_ready()
    {
        var user = await app.SignupAsync("iw");
        // 1200×1200 is square already: the master keeps it, and reaches 256, 640 and 1080 but not 1440.
        var upload = await user.UploadAsync(ImageWorkerSteps.Jpeg(1200, 1200));
        var hash = upload.GetProperty("hash").GetString()!;

        var status = await app.WaitFinishedAsync(hash);

        Assert.Equal("ready", status.GetProperty("status").GetString());
        Assert.Equal(ImageWorkerSteps.ExpectedVariants(hash, 256, 640, 1080), status.Variants("variants"));
        Assert.Equal(["1080.jpg", "1080.webp", "256.jpg", "256.webp", "640.jpg", "640.webp"], ImageWorkerSteps.VariantFiles(hash));
        Assert.Equal(
            ["256_jpg=256x256", "256_webp=256x256", "640_jpg=640x640", "640_webp=640x640", "1080_jpg=1080x1080", "1080_webp=1080x1080"],
            await app.VariantRowsAsync(hash));
        Assert.Equal(1, await app.AttemptsAsync(hash));

        var client = app.CreateClient();
        var webp = await client.GetAsync($"/media/i/{hash}/640.webp");
        Assert.Equal(HttpStatusCode.OK, webp.StatusCode);
        Assert.Equal("image/webp", webp.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(ImageWorkerSteps.FilePath(hash, "640.webp")), await webp.Content.ReadAsByteArrayAsync());
        var jpg = await client.GetAsync($"/media/i/{hash}/256.jpg");
        Assert.Equal("image/jpeg", jpg.Content.Headers.ContentType?.MediaType);

        // The master's WebP twin: the master's size, re-encoded from pixels (no metadata).
        var master = await client.GetAsync($"/media/i/{hash}/master.webp");
        Assert.Equal(HttpStatusCode.OK, master.StatusCode);
        Assert.Equal("image/webp", master.Content.Headers.ContentType?.MediaType);
        using var decoded = SkiaSharp.SKBitmap.Decode(await master.Content.ReadAsByteArrayAsync());
        Assert.Equal((1200, 1200), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task The_webp_master_of_a_picture_with_gps_exif_carries_no_metadata()
    {
        var user = await app.SignupAsync("iw");
        var source = Images.ImageSteps.WithGpsExif(Images.ImageSteps.Jpeg(500, 500, seed: 12));
        Assert.True(Images.ImageSteps.Contains(source, "GPS"));
        var hash = (await user.UploadAsync(source)).GetProperty("hash").GetString()!;

        Assert.Equal("ready", (await app.WaitFinishedAsync(hash)).GetProperty("status").GetString());

        var webp = await File.ReadAllBytesAsync(ImageWorkerSteps.FilePath(hash, "master.webp"));
        Assert.False(Images.ImageSteps.Contains(webp, "EXIF"));
        Assert.False(Images.ImageSteps.Contains(webp, "GPS"));
    }

    [Fact]
    public async Task Only_the_sizes_the_master_reaches_in_both_dimensions_are_written()
    {
        var user = await app.SignupAsync("iw");
        var wide = await app.InsertImageAsync(user.Id, ImageWorkerSteps.Jpeg(1100, 700), 1100, 700);
        var small = await app.InsertImageAsync(user.Id, ImageWorkerSteps.Jpeg(300, 200), 300, 200);
        var tiny = await app.InsertImageAsync(user.Id, ImageWorkerSteps.Jpeg(200, 300), 200, 300);

        Assert.Equal("ready", (await app.WaitFinishedAsync(wide)).GetProperty("status").GetString());
        Assert.Equal(["256_jpg=256x163", "256_webp=256x163", "640_jpg=640x407", "640_webp=640x407"], await app.VariantRowsAsync(wide));
        Assert.Equal(["256.jpg", "256.webp", "640.jpg", "640.webp"], ImageWorkerSteps.VariantFiles(wide));

        Assert.Equal("ready", (await app.WaitFinishedAsync(small)).GetProperty("status").GetString());
        Assert.Empty(await app.VariantRowsAsync(small));
        Assert.Equal("ready", (await app.WaitFinishedAsync(tiny)).GetProperty("status").GetString());
        Assert.Empty(ImageWorkerSteps.VariantFiles(tiny));
    }

    [Fact]
    public async Task With_two_replicas_each_image_is_processed_once()
    {
        var user = await app.SignupAsync("iw");
        var hashes = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            hashes.Add(await app.InsertImageAsync(user.Id, ImageWorkerSteps.Jpeg(700, 700), 700, 700));
        }

        foreach (var hash in hashes)
        {
            Assert.Equal("ready", (await app.WaitFinishedAsync(hash)).GetProperty("status").GetString());
            Assert.Equal(1, await app.AttemptsAsync(hash));
            Assert.Equal(4, (await app.VariantRowsAsync(hash)).Count);
        }
    }

    [Fact]
    public async Task An_image_stuck_in_processing_for_more_than_15_minutes_is_requeued_and_processed()
    {
        var user = await app.SignupAsync("iw");
        var fresh = await app.InsertImageAsync(user.Id, ImageWorkerSteps.Jpeg(300, 300), 300, 300, status: "processing", claimedMinutesAgo: 1);
        var stuck = await app.InsertImageAsync(user.Id, ImageWorkerSteps.Jpeg(300, 300), 300, 300, status: "processing", claimedMinutesAgo: 16);
        try
        {
            Assert.Equal("ready", (await app.WaitFinishedAsync(stuck)).GetProperty("status").GetString());
            Assert.Equal(2, await app.AttemptsAsync(stuck));
            Assert.Equal(["256_jpg=256x256", "256_webp=256x256"], await app.VariantRowsAsync(stuck));

            // Claimed a minute ago: its worker may still be running, so it is left alone.
            Assert.Equal("processing", await app.StatusAsync(fresh));
            Assert.Equal(1, await app.AttemptsAsync(fresh));
            Assert.Empty(await app.VariantRowsAsync(fresh));
        }
        finally
        {
            await app.ExecuteSqlAsync("DELETE FROM images WHERE hash = @hash", new NpgsqlParameter("hash", fresh));
        }
    }

    [Fact]
    public async Task A_corrupt_master_fails_and_the_next_image_is_still_processed()
    {
        var user = await app.SignupAsync("iw");
        var corrupt = await app.InsertImageAsync(user.Id, "this is not a jpeg at all"u8.ToArray(), 800, 800);
        var missing = await app.InsertImageAsync(user.Id, ImageWorkerSteps.Jpeg(300, 300), 300, 300);
        File.Delete(ImageWorkerSteps.FilePath(missing, "master.jpg"));
        var good = await app.InsertImageAsync(user.Id, ImageWorkerSteps.Jpeg(300, 300), 300, 300);

        var failed = await app.WaitFinishedAsync(corrupt);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Empty(failed.Variants("variants"));
        Assert.False(string.IsNullOrEmpty(await app.ScalarAsync<string>("SELECT error FROM images WHERE hash = @hash", new NpgsqlParameter("hash", corrupt))));
        Assert.Empty(ImageWorkerSteps.VariantFiles(corrupt));
        Assert.Equal("failed", (await app.WaitFinishedAsync(missing)).GetProperty("status").GetString());

        Assert.Equal("ready", (await app.WaitFinishedAsync(good)).GetProperty("status").GetString());
        Assert.Equal(2, (await app.VariantRowsAsync(good)).Count);
    }
}
