using System.Net.Http.Headers;
using System.Security.Cryptography;
using Npgsql;
using Sanctum.Tests.TestSupport;
using SkiaSharp;

namespace Sanctum.Tests.ImageWorker;

/// <summary>Arranging images for the worker: through the upload route, or as a row plus a master file in the fixture's
/// media folder where a state no route makes is needed (processing, stuck, corrupt).</summary>
public static class ImageWorkerSteps
{
    /// <summary>How long a test waits for the worker to finish an image.</summary>
    public static readonly TimeSpan WorkerTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The folder the fixture gives the API for <c>/media/i/</c>.</summary>
    public static string MediaDirectory => SanctumAppFixture.ApiSettings["Images__Directory"];

    public static string FilePath(string hash, string name) => Path.Combine(MediaDirectory, hash, name);

    /// <summary>A JPEG of the given size whose pixels vary, so two calls never give the same bytes.</summary>
    public static byte[] Jpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor((byte)Random.Shared.Next(256), (byte)Random.Shared.Next(256), (byte)Random.Shared.Next(256)));
            using var paint = new SKPaint { Color = new SKColor((byte)Random.Shared.Next(256), 40, 200) };
            canvas.DrawCircle(width / 3f, height / 2f, Math.Min(width, height) / 4f, paint);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    public static async Task<JsonElement> UploadAsync(this TestUser user, byte[] bytes)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "image", "photo.jpg");
        return await (await user.Client.PostAsync("/api/images/upload", form)).ExpectJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Writes <paramref name="master"/> as the master of a new image row of <paramref name="userId"/> in
    /// <paramref name="status"/>, claimed <paramref name="claimedMinutesAgo"/> minutes ago (processing only); returns
    /// its hash.</summary>
    public static async Task<string> InsertImageAsync(this SanctumAppFixture app, long userId, byte[] master, int width, int height,
        string status = "queued", int claimedMinutesAgo = 0)
    {
        var hash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        Directory.CreateDirectory(Path.Combine(MediaDirectory, hash));
        await File.WriteAllBytesAsync(FilePath(hash, "master.jpg"), master);
        await app.ExecuteSqlAsync("""
            INSERT INTO images (hash, user_id, mime_type, size_bytes, width, height, original_path, status, crop_mode,
                                processing_started_at, processing_attempts)
            VALUES (@hash, @userId, 'image/jpeg', @size, @width, @height, @path, @status, 'square',
                    CASE WHEN @status = 'processing' THEN NOW() - make_interval(mins => @ago) END,
                    CASE WHEN @status = 'processing' THEN 1 ELSE 0 END)
            """,
            new NpgsqlParameter("hash", hash), new NpgsqlParameter("userId", userId), new NpgsqlParameter("size", (long)master.Length),
            new NpgsqlParameter("width", width), new NpgsqlParameter("height", height),
            new NpgsqlParameter("path", $"/media/i/{hash}/master.jpg"), new NpgsqlParameter("status", status),
            new NpgsqlParameter("ago", claimedMinutesAgo));
        return hash;
    }

    public static Task QueueAsync(this SanctumAppFixture app, string hash) =>
        app.ExecuteSqlAsync("UPDATE images SET status = 'queued', updated_at = NOW() WHERE hash = @hash", new NpgsqlParameter("hash", hash));

    /// <summary>Polls <c>GET /api/images/:hash/status</c> until the worker has finished the image (ready or failed).</summary>
    public static async Task<JsonElement> WaitFinishedAsync(this SanctumAppFixture app, string hash)
    {
        var client = app.CreateClient();
        using var timeout = new CancellationTokenSource(WorkerTimeout);
        while (true)
        {
            var status = await (await client.GetAsync($"/api/images/{hash}/status", timeout.Token)).ExpectJsonAsync(HttpStatusCode.OK);
            if (status.GetProperty("status").GetString() is "ready" or "failed")
            {
                return status;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
        }
    }

    public static Task<string> StatusAsync(this SanctumAppFixture app, string hash) =>
        app.ScalarAsync<string>("SELECT status FROM images WHERE hash = @hash", new NpgsqlParameter("hash", hash));

    public static Task<int> AttemptsAsync(this SanctumAppFixture app, string hash) =>
        app.ScalarAsync<int>("SELECT processing_attempts FROM images WHERE hash = @hash", new NpgsqlParameter("hash", hash));

    /// <summary>The image's variant rows as "&lt;px&gt;_&lt;fmt&gt;=&lt;width&gt;x&lt;height&gt;", ordered.</summary>
    public static async Task<List<string>> VariantRowsAsync(this SanctumAppFixture app, string hash)
    {
        await using var command = app.Database.CreateCommand("""
            SELECT v.size_px || '_' || v.format || '=' || v.width || 'x' || v.height
            FROM image_variants v JOIN images i ON i.id = v.image_id
            WHERE i.hash = @hash ORDER BY v.size_px, v.format
            """);
        command.Parameters.Add(new NpgsqlParameter("hash", hash));
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }

    /// <summary>The variant files on disk for the image, ordered.</summary>
    public static List<string> VariantFiles(string hash) =>
        Directory.EnumerateFiles(Path.Combine(MediaDirectory, hash))
            .Select(path => Path.GetFileName(path)!)
            .Where(name => !name.StartsWith("master.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The <c>image_variants</c> map a post or status shows for these sizes.</summary>
    public static Dictionary<string, string> ExpectedVariants(string hash, params int[] sizes) =>
        sizes.SelectMany(px => new[] { "webp", "jpg" }.Select(format => (px, format)))
            .ToDictionary(v => $"{v.px}_{v.format}", v => $"/media/i/{hash}/{v.px}.{v.format}");

    /// <summary>A post's <c>image_variants</c>, or with <paramref name="property"/> <c>variants</c> an image status's.</summary>
    public static Dictionary<string, string> Variants(this JsonElement element, string property = "image_variants") =>
        element.GetProperty(property).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
}
