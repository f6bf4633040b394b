using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.ImageWorker;

/// <summary>Posts that show an uploaded image (contract 4 and 0.6): <c>image_hash</c> from the URL, <c>image_variants</c>
/// and <c>image_crop_mode</c> in every read, and the cached feed and detail updated when the worker finishes.</summary>
[Collection(AppCollection.Name)]
public sealed class ImagePostTests(SanctumAppFixture app)
{
    private static object MediaPost(string imageUrl, long sanctumId, string title = "a picture") =>
        new { title, content = "", post_type = "media", image_url = imageUrl, sanctum_id = sanctumId };

    [Fact]
    public async Task A_media_post_shows_the_variants_in_feed_detail_search_and_user_posts_once_the_worker_is_done()
    {
        var user = await app.SignupAsync("ip");
        var sanctumId = await app.CreateSanctumAsync();
        var feed = $"sanctum_id={sanctumId}";
        var title = TestData.Slug("pic");
        // Held in processing (claimed just now) so the post is read, and cached, before the worker can run.
        var hash = await app.InsertImageAsync(user.Id, ImageWorkerSteps.Jpeg(700, 700), 700, 700, status: "processing");
        var created = await user.CreatePostAsync(MediaPost($"/media/i/{hash}/master.jpg", sanctumId, title));
        Assert.Empty(created.Variants());
        Assert.Equal("square", created.GetProperty("image_crop_mode").GetString());

        var reader = app.CreateClient();
        Assert.Empty((await reader.GetFeedAsync(feed))[0].Variants());
        Assert.Empty((await reader.GetPostAsync(created.Id())).Variants());
        Assert.Empty((await reader.GetFeedAsync(feed))[0].Variants());

        await app.QueueAsync(hash);
        Assert.Equal("ready", (await app.WaitFinishedAsync(hash)).GetProperty("status").GetString());

        var expected = ImageWorkerSteps.ExpectedVariants(hash, 256, 640);
        foreach (var client in new[] { reader, app.CreateClient(0), app.CreateClient(1), user.Client })
        {
            var page = await client.GetFeedAsync(feed);
            Assert.Equal([created.Id()], page.Ids());
            Assert.Equal(expected, page[0].Variants());
            Assert.Equal("square", page[0].GetProperty("image_crop_mode").GetString());
            Assert.Equal(expected, (await client.GetPostAsync(created.Id())).Variants());
        }
        var found = await (await reader.GetAsync($"/api/posts/search?q={title}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal([created.Id()], found.Ids());
        Assert.Equal(expected, found[0].Variants());
        var mine = await (await user.Client.GetAsync($"/api/users/{user.Id}/posts")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(expected, mine.EnumerateArray().Single(post => post.Id() == created.Id()).Variants());
    }

    [Fact]
    public async Task An_uploaded_image_in_a_post_appears_with_its_variants()
    {
        var user = await app.SignupAsync("ip");
        var sanctumId = await app.CreateSanctumAsync();
        var upload = await user.UploadAsync(ImageWorkerSteps.Jpeg(900, 900));
        var hash = upload.GetProperty("hash").GetString()!;
        var post = await user.CreatePostAsync(MediaPost(upload.GetProperty("url").GetString()!, sanctumId));
        Assert.Equal("square", post.GetProperty("image_crop_mode").GetString());

        Assert.Equal("ready", (await app.WaitFinishedAsync(hash)).GetProperty("status").GetString());
        var page = await app.CreateClient().GetFeedAsync($"sanctum_id={sanctumId}");
        Assert.Equal(ImageWorkerSteps.ExpectedVariants(hash, 256, 640), page[0].Variants());
    }

    [Fact]
    public async Task The_api_images_url_links_the_image_and_other_urls_do_not()
    {
        var user = await app.SignupAsync("ip");
        var sanctumId = await app.CreateSanctumAsync();
        var hash = await app.InsertImageAsync(user.Id, ImageWorkerSteps.Jpeg(300, 300), 300, 300);
        Assert.Equal("ready", (await app.WaitFinishedAsync(hash)).GetProperty("status").GetString());
        var expected = ImageWorkerSteps.ExpectedVariants(hash, 256);

        var viaApi = await user.CreatePostAsync(MediaPost($"/api/images/{hash}", sanctumId));
        Assert.Equal(expected, viaApi.Variants());
        Assert.Equal(expected, (await app.CreateClient().GetPostAsync(viaApi.Id())).Variants());

        var unknown = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        var elsewhere = await user.CreatePostAsync(MediaPost($"/media/i/{unknown}/master.jpg", sanctumId));
        var external = await user.CreatePostAsync(MediaPost($"https://example.com/photos/{hash}.jpg", sanctumId));
        var text = await user.CreateTextPostAsync(sanctumId);
        foreach (var post in new[] { elsewhere, external, text })
        {
            var read = await app.CreateClient().GetPostAsync(post.Id());
            Assert.False(read.TryGetProperty("image_variants", out _));
            Assert.False(read.TryGetProperty("image_crop_mode", out _));
        }

        // Editing the image URL links the post to the new image, and unlinks it from the old one.
        var edited = await (await user.Client.PutAsJsonAsync($"/api/posts/{elsewhere.Id()}", new { image_url = $"/media/i/{hash}/640.webp" }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(expected, edited.Variants());
        var unlinked = await (await user.Client.PutAsJsonAsync($"/api/posts/{viaApi.Id()}", new { image_url = "https://example.com/other.jpg" }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.False(unlinked.TryGetProperty("image_variants", out _));
    }
}
