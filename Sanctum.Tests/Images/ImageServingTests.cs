using System.Text;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Images;

/// <summary>GET /api/images/{hash}, its status, and the /media/i/ static files (contract 6), including path traversal.</summary>
[Collection(AppCollection.Name)]
public sealed class ImageServingTests(SanctumAppFixture app)
{
    [Fact]
    public async Task The_hash_route_redirects_301_to_the_master_and_refuses_a_hash_that_is_not_lowercase_hex()
    {
        var client = app.CreateClient();
        var hash = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

        var redirect = await client.GetAsync($"/api/images/{hash}");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal($"/media/i/{hash}/master.jpg", redirect.Headers.Location?.OriginalString);

        foreach (var bad in new[] { hash.ToUpperInvariant(), hash[..63], hash + "0", "not-a-hash", new string('g', 64) })
        {
            await (await client.GetAsync($"/api/images/{bad}")).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid image hash");
        }
    }

    [Fact]
    public async Task Status_is_200_for_an_uploaded_image_and_404_for_an_unknown_hash()
    {
        var user = await app.SignupAsync("ims");
        var image = await (await user.Client.UploadAsync(ImageSteps.Jpeg(640, 640, seed: 21))).ExpectJsonAsync(HttpStatusCode.OK);
        var hash = image.GetProperty("hash").GetString()!;
        var client = app.CreateClient();

        var status = await (await client.GetAsync($"/api/images/{hash}/status")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["crop_mode", "status", "url", "variants"], status.FieldNames());
        // The worker may claim the image between the upload and this read, so any state short of failure is right.
        Assert.Contains(status.GetProperty("status").GetString(), new[] { "queued", "processing", "ready" });
        Assert.Equal("square", status.GetProperty("crop_mode").GetString());
        Assert.Equal($"/media/i/{hash}/master.jpg", status.GetProperty("url").GetString());

        var unknown = new string('a', 64);
        await (await client.GetAsync($"/api/images/{unknown}/status"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Image with ID {unknown} not found");
    }

    [Fact]
    public async Task Variant_rows_appear_in_the_status_map()
    {
        var user = await app.SignupAsync("imv");
        var image = await (await user.Client.UploadAsync(ImageSteps.Jpeg(640, 640, seed: 22))).ExpectJsonAsync(HttpStatusCode.OK);
        var hash = image.GetProperty("hash").GetString()!;
        await app.ExecuteSqlAsync(
            // The worker may have written this variant already; either row must show.
            "INSERT INTO image_variants (image_id, size_name, size_px, format, path, bytes) VALUES (@id, 'thumb', 256, 'webp', 'x', 1) ON CONFLICT DO NOTHING",
            new Npgsql.NpgsqlParameter("id", image.GetProperty("id").GetInt64()));

        var status = await (await app.CreateClient().GetAsync($"/api/images/{hash}/status")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal($"/media/i/{hash}/256.webp", status.GetProperty("variants").GetProperty("256_webp").GetString());
    }

    [Fact]
    public async Task Traversal_out_of_the_media_folder_never_serves_a_file_and_folders_are_not_listed()
    {
        // A file next to the media folder, with a type the static files would serve.
        var parent = Path.GetDirectoryName(Path.GetFullPath(ImageSteps.MediaFolder))!;
        var secretName = $"secret-{Guid.NewGuid():N}.jpg";
        var secretPath = Path.Combine(parent, secretName);
        await File.WriteAllTextAsync(secretPath, "TOPSECRET");
        var user = await app.SignupAsync("imt");
        var hash = (await (await user.Client.UploadAsync(ImageSteps.Jpeg(300, 300, seed: 23))).ExpectJsonAsync(HttpStatusCode.OK))
            .GetProperty("hash").GetString()!;
        var media = Path.GetFileName(Path.GetFullPath(ImageSteps.MediaFolder));
        try
        {
            var client = app.CreateClient();
            string[] attempts =
            [
                $"/media/i/../{secretName}",
                $"/media/i/../../{Path.GetFileName(parent)}/{secretName}",
                $"/media/i/%2e%2e/{secretName}",
                $"/media/i/%2E%2E/{secretName}",
                $"/media/i/..%2f{secretName}",
                $"/media/i/..%2F{secretName}",
                $"/media/i/%2e%2e%2f{secretName}",
                $"/media/i/{hash}/..%2f..%2f{secretName}",
                $"/media/i/..%5c{secretName}",
                $"/media/i/{Uri.EscapeDataString(secretPath)}",
                $"/media/i/{secretPath}",
                $"/media/i//{secretPath.TrimStart('/')}",
                $"/media/i/%2f{secretPath.TrimStart('/')}",
                $"/media/i/{hash}/../../{secretName}",
                $"/media/i/.%2e/{secretName}",
                $"/media/i/{hash}/",
                $"/media/i/{hash}",
                "/media/i/",
            ];
            foreach (var attempt in attempts)
            {
                var uri = new Uri(client.BaseAddress + attempt.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
                var response = await client.GetAsync(uri);
                var body = await response.Content.ReadAsByteArrayAsync();
                Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest,
                    $"{attempt} answered {(int)response.StatusCode}");
                Assert.False(Encoding.ASCII.GetString(body).Contains("TOPSECRET"), attempt);
            }

            // The control: the same client does reach a file inside the folder.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/media/i/{hash}/master.jpg")).StatusCode);
            Assert.NotEqual(media, Path.GetFileName(parent));
        }
        finally
        {
            File.Delete(secretPath);
        }
    }
}
