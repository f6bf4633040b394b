using System.Security.Cryptography;
using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;
using SkiaSharp;

namespace Sanctum.Tests.Images;

/// <summary>POST /api/images/upload (contract 6): every accepted format, the crop and fit, the per-user dedupe,
/// metadata stripping, and each refusal with its message and nothing left behind.</summary>
[Collection(AppCollection.Name)]
public sealed class ImageUploadTests(SanctumAppFixture app)
{
    public static TheoryData<string, string, int, int, string, int, int> Formats => new()
    {
        // format, declared type, source width, height → crop mode, master width, height
        { "jpeg", "image/jpeg", 800, 400, "landscape", 764, 400 },
        { "png", "image/png", 500, 500, "square", 500, 500 },
        { "gif", "image/gif", 382, 200, "landscape", 382, 200 },
        { "webp", "image/webp", 400, 600, "portrait", 400, 500 },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Each_format_uploads_to_a_queued_master_jpeg_on_disk_served_with_long_caching(
        string format, string declared, int width, int height, string cropMode, int masterWidth, int masterHeight)
    {
        var user = await app.SignupAsync("img");
        var bytes = format switch
        {
            "jpeg" => ImageSteps.Jpeg(width, height),
            "png" => ImageSteps.Png(width, height),
            "gif" => ImageSteps.Gif(width, height),
            _ => ImageSteps.Webp(width, height),
        };

        var image = await (await user.Client.UploadAsync(bytes, declared, $"pic.{format}")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(ImageSteps.UploadFields, image.FieldNames());
        var hash = image.GetProperty("hash").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal("queued", image.GetProperty("status").GetString());
        Assert.Equal(cropMode, image.GetProperty("crop_mode").GetString());
        Assert.Equal(masterWidth, image.GetProperty("width").GetInt32());
        Assert.Equal(masterHeight, image.GetProperty("height").GetInt32());
        Assert.Equal("image/jpeg", image.GetProperty("mime_type").GetString());
        Assert.Equal($"/media/i/{hash}/master.jpg", image.GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Object, image.GetProperty("variants").ValueKind);
        Assert.Empty(image.GetProperty("variants").EnumerateObject());

        var jpegPath = Path.Combine(ImageSteps.MediaFolder, hash, "master.jpg");
        var master = await File.ReadAllBytesAsync(jpegPath);
        Assert.Equal(master.Length, image.GetProperty("size_bytes").GetInt64());
        Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData([.. System.Text.Encoding.ASCII.GetBytes($"{user.Id}:"), .. master])));
        using (var decoded = SKBitmap.Decode(master))
        {
            Assert.Equal((masterWidth, masterHeight), (decoded.Width, decoded.Height));
        }
        Assert.Equal($"pic.{format}",
            await app.ScalarAsync<string>("SELECT original_filename FROM images WHERE hash = @h", new Npgsql.NpgsqlParameter("h", hash)));

        var anonymous = app.CreateClient();
        var served = await anonymous.GetAsync($"/media/i/{hash}/master.jpg");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", served.Headers.CacheControl?.ToString());
        Assert.NotNull(served.Headers.ETag);
        Assert.Equal(master, await served.Content.ReadAsByteArrayAsync());

        var revalidated = new HttpRequestMessage(HttpMethod.Get, $"/media/i/{hash}/master.jpg");
        revalidated.Headers.IfNoneMatch.Add(served.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(revalidated)).StatusCode);
    }

    [Fact]
    public async Task A_large_picture_is_downscaled_to_fit_2048_and_a_declared_jpg_counts_as_jpeg()
    {
        var user = await app.SignupAsync("img");
        var image = await (await user.Client.UploadAsync(ImageSteps.Jpeg(3000, 2500), "image/jpg")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("square", image.GetProperty("crop_mode").GetString());
        Assert.Equal(2048, image.GetProperty("width").GetInt32());
        Assert.Equal(2048, image.GetProperty("height").GetInt32());
    }

    [Fact]
    public async Task The_same_user_uploading_the_same_image_gets_the_same_record_and_another_user_a_separate_one()
    {
        var first = await app.SignupAsync("imd");
        var second = await app.SignupAsync("imd");
        var bytes = ImageSteps.Png(300, 300, seed: 7);

        var one = await (await first.Client.UploadAsync(bytes, "image/png", "a.png")).ExpectJsonAsync(HttpStatusCode.OK);
        var again = await (await first.Client.UploadAsync(bytes, "image/png", "b.png")).ExpectJsonAsync(HttpStatusCode.OK);
        var other = await (await second.Client.UploadAsync(bytes, "image/png", "a.png")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(one.Id(), again.Id());
        Assert.Equal(one.GetProperty("hash").GetString(), again.GetProperty("hash").GetString());
        Assert.Equal(1, await app.ImageRowsOfAsync(first.Id));
        Assert.NotEqual(one.Id(), other.Id());
        Assert.NotEqual(one.GetProperty("hash").GetString(), other.GetProperty("hash").GetString());
        Assert.Equal(1, await app.ImageRowsOfAsync(second.Id));
    }

    [Fact]
    public async Task Exif_with_gps_is_stripped_from_the_master()
    {
        var user = await app.SignupAsync("ime");
        var source = ImageSteps.WithGpsExif(ImageSteps.Jpeg(500, 500, seed: 11));
        Assert.True(ImageSteps.HasApp1(source));
        Assert.True(ImageSteps.Contains(source, "GPS"));

        var image = await (await user.Client.UploadAsync(source)).ExpectJsonAsync(HttpStatusCode.OK);

        var folder = Path.Combine(ImageSteps.MediaFolder, image.GetProperty("hash").GetString()!);
        var master = await File.ReadAllBytesAsync(Path.Combine(folder, "master.jpg"));
        Assert.False(ImageSteps.HasApp1(master));
        Assert.False(ImageSteps.Contains(master, "Exif"));
        Assert.False(ImageSteps.Contains(master, "GPS"));
        // master.webp is the worker's, made from this master: ImageWorkerTests checks it.
    }

    [Fact]
    public async Task An_exif_orientation_turns_the_pixels_before_the_crop()
    {
        var user = await app.SignupAsync("imo");
        // 800 × 400 stored, shown turned a quarter (orientation 6): 400 × 800, so the crop is portrait.
        var source = ImageSteps.WithOrientation(ImageSteps.Jpeg(800, 400, seed: 12), 6);

        var image = await (await user.Client.UploadAsync(source)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("portrait", image.GetProperty("crop_mode").GetString());
        Assert.Equal(400, image.GetProperty("width").GetInt32());
        Assert.Equal(500, image.GetProperty("height").GetInt32());
    }

    public static TheoryData<string, string?, string> Refusals => new()
    {
        // case, declared type, message
        { "text named .jpg", "image/jpeg", "Invalid image type" },
        { "truncated jpeg", "image/jpeg", "Invalid image file" },
        { "zero bytes", "image/jpeg", "No file uploaded" },
        { "png bomb", "image/png", "Image dimensions too large" },
        { "png declared jpeg", "image/jpeg", "Image content type mismatch" },
        { "webp declared gif", "image/gif", "Image content type mismatch" },
        { "just over 10 MiB", "image/jpeg", "File too large (max 10MB)" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_file_gets_the_contract_message_and_leaves_nothing_on_disk_or_in_the_table(string name, string? declared, string message)
    {
        var user = await app.SignupAsync("imr");
        var bytes = name switch
        {
            "text named .jpg" => "this is not a picture, only text\n"u8.ToArray(),
            "truncated jpeg" => ImageSteps.Jpeg(800, 600)[..4000],
            "zero bytes" => [],
            "png bomb" => ImageSteps.PngBomb(),
            "png declared jpeg" => ImageSteps.Png(100, 100),
            "webp declared gif" => ImageSteps.Webp(100, 100),
            _ => [0xFF, 0xD8, 0xFF, .. new byte[10 * 1024 * 1024 - 2]],
        };
        if (name == "png bomb")
        {
            Assert.True(bytes.Length < 200_000, $"the bomb is {bytes.Length} bytes");
        }
        var before = ImageSteps.FilesOnDisk();

        var response = await user.Client.UploadAsync(bytes, declared, "photo.jpg");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", message);
        Assert.Equal(0, await app.ImageRowsOfAsync(user.Id));
        Assert.Equal(before, ImageSteps.FilesOnDisk());
    }

    [Fact]
    public async Task A_body_over_the_server_limit_is_413_and_stores_nothing()
    {
        var user = await app.SignupAsync("imb");
        byte[] bytes = [0xFF, 0xD8, 0xFF, .. new byte[11 * 1024 * 1024]];
        var before = ImageSteps.FilesOnDisk();

        HttpResponseMessage response;
        try
        {
            response = await user.Client.UploadAsync(bytes);
        }
        catch (HttpRequestException exception)
        {
            // The server may close the connection while the client still sends; then it never read the file either.
            Assert.Null(exception.StatusCode);
            response = new HttpResponseMessage(HttpStatusCode.RequestEntityTooLarge);
        }

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await app.ImageRowsOfAsync(user.Id));
        Assert.Equal(before, ImageSteps.FilesOnDisk());
    }

    [Fact]
    public async Task No_image_field_is_no_file_uploaded_and_anonymous_uploads_are_401()
    {
        var user = await app.SignupAsync("imn");

        await (await user.Client.UploadAsync(ImageSteps.Png(50, 50), "image/png", field: "file"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "No file uploaded");
        await (await user.Client.PostAsync("/api/images/upload", HttpAssertions.Json("{}")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "No file uploaded");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().UploadAsync(ImageSteps.Png(50, 50), "image/png")).StatusCode);
    }
}
