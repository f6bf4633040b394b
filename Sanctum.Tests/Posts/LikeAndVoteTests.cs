using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Posts;

[Collection(AppCollection.Name)]
public sealed class LikeAndVoteTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Post_like_toggles_and_delete_like_is_idempotent()
    {
        var author = await app.SignupAsync();
        var user = await app.SignupAsync();
        var post = await author.CreateTextPostAsync();
        var path = $"/api/posts/{post.Id()}/like";

        var liked = await (await user.Client.PostAsync(path, null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(liked.GetProperty("liked").GetBoolean());
        Assert.Equal(1, liked.GetProperty("likes_count").GetInt64());

        var unliked = await (await user.Client.PostAsync(path, null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.False(unliked.GetProperty("liked").GetBoolean());
        Assert.Equal(0, unliked.GetProperty("likes_count").GetInt64());

        await (await user.Client.PostAsync(path, null)).ExpectJsonAsync(HttpStatusCode.OK);
        for (var i = 0; i < 2; i++)
        {
            var removed = await (await user.Client.DeleteAsync(path)).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.False(removed.GetProperty("liked").GetBoolean());
            Assert.Equal(0, removed.GetProperty("likes_count").GetInt64());
        }
    }

    [Fact]
    public async Task Likes_need_auth_and_a_live_post()
    {
        var user = await app.SignupAsync();
        var post = await user.CreateTextPostAsync();
        await user.Client.DeleteAsync($"/api/posts/{post.Id()}");

        await (await app.CreateClient().PostAsync($"/api/posts/{post.Id()}/like", null)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await user.Client.PostAsync($"/api/posts/{post.Id()}/like", null)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Post with ID {post.Id()} not found");
        await (await user.Client.DeleteAsync($"/api/posts/{post.Id()}/like")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await user.Client.PostAsync("/api/posts/999999999/like", null)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task A_vote_can_be_changed_and_counts_follow()
    {
        var author = await app.SignupAsync();
        var voter = await app.SignupAsync();
        var poll = await author.CreatePollAsync("red", "blue");
        var options = poll.GetProperty("poll").GetProperty("options").Ids();
        var path = $"/api/posts/{poll.Id()}/poll/vote";

        var first = await (await voter.Client.PostAsJsonAsync(path, new { poll_option_id = options[0] })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(options[0], first.GetProperty("poll").GetProperty("user_vote_option_id").GetInt64());
        Assert.Equal(1, first.GetProperty("poll").GetProperty("options")[0].GetProperty("votes_count").GetInt64());

        var changed = await (await voter.Client.PostAsJsonAsync(path, new { poll_option_id = options[1] })).ExpectJsonAsync(HttpStatusCode.OK);
        var changedPoll = changed.GetProperty("poll");
        Assert.Equal(options[1], changedPoll.GetProperty("user_vote_option_id").GetInt64());
        Assert.False(changedPoll.GetProperty("options")[0].TryGetProperty("votes_count", out _));
        Assert.Equal(1, changedPoll.GetProperty("options")[1].GetProperty("votes_count").GetInt64());

        var seenByAuthor = (await author.Client.GetPostAsync(poll.Id())).GetProperty("poll");
        Assert.False(seenByAuthor.TryGetProperty("user_vote_option_id", out _));
        Assert.Equal(1, seenByAuthor.GetProperty("options")[1].GetProperty("votes_count").GetInt64());
        Assert.Equal(options[1], (await voter.Client.GetPostAsync(poll.Id())).GetProperty("poll").GetProperty("user_vote_option_id").GetInt64());
    }

    [Fact]
    public async Task Invalid_votes_are_rejected()
    {
        var user = await app.SignupAsync();
        var poll = await user.CreatePollAsync("a", "b");
        var other = await user.CreatePollAsync("c", "d");
        var text = await user.CreateTextPostAsync();
        var otherOption = other.GetProperty("poll").GetProperty("options")[0].Id();
        var option = poll.GetProperty("poll").GetProperty("options")[0].Id();

        await (await user.Client.PostAsJsonAsync($"/api/posts/{poll.Id()}/poll/vote", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "poll_option_id is required");
        await (await user.Client.PostAsJsonAsync($"/api/posts/{poll.Id()}/poll/vote", new { poll_option_id = 0 })).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "poll_option_id is required");
        await (await user.Client.PostAsJsonAsync($"/api/posts/{text.Id()}/poll/vote", new { poll_option_id = option })).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Post is not a poll");
        await (await user.Client.PostAsJsonAsync($"/api/posts/{poll.Id()}/poll/vote", new { poll_option_id = otherOption })).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid poll option");
        await (await user.Client.PostAsJsonAsync("/api/posts/999999999/poll/vote", new { poll_option_id = option })).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Post with ID 999999999 not found");
        await (await app.CreateClient().PostAsJsonAsync($"/api/posts/{poll.Id()}/poll/vote", new { poll_option_id = option })).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Concurrent_likes_and_votes_give_exact_counts()
    {
        var author = await app.SignupAsync();
        var post = await author.CreatePollAsync("x", "y");
        var options = post.GetProperty("poll").GetProperty("options").Ids();
        var users = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => app.SignupAsync()));

        var likes = await Task.WhenAll(users.Select(user => user.Client.PostAsync($"/api/posts/{post.Id()}/like", null)));
        Assert.All(likes, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        // Every user votes for x, then the first eight change to y, all at once per round.
        var votes = await Task.WhenAll(users.Select(user => user.Client.PostAsJsonAsync($"/api/posts/{post.Id()}/poll/vote", new { poll_option_id = options[0] })));
        Assert.All(votes, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var changes = await Task.WhenAll(users.Take(8).Select(user => user.Client.PostAsJsonAsync($"/api/posts/{post.Id()}/poll/vote", new { poll_option_id = options[1] })));
        Assert.All(changes, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var unlikes = await Task.WhenAll(users.Take(5).Select(user => user.Client.PostAsync($"/api/posts/{post.Id()}/like", null)));
        Assert.All(unlikes, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));

        var final = await app.CreateClient().GetPostAsync(post.Id());
        Assert.Equal(15, final.GetProperty("likes_count").GetInt64());
        var counts = final.GetProperty("poll").GetProperty("options").EnumerateArray().Select(option => option.GetProperty("votes_count").GetInt64()).ToList();
        Assert.Equal([12, 8], counts);
    }
}
