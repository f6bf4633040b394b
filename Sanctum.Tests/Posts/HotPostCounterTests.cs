using System.Net.Http.Headers;
using Npgsql;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Posts;

/// <summary>
/// <c>likes_count</c> and <c>comments_count</c> are stored counters (migration 0008) moved by the writes themselves.
/// On one hot post, many users like, unlike, toggle twice at once, comment and delete (each comment twice at once, by
/// its author and an admin) through both replicas, in waves of about fifty requests (the machines that run the tests
/// are small; every write of one post queues on its row lock); after each wave both counters equal the rows.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class HotPostCounterTests(SanctumAppFixture app)
{
    private const int Users = 16;

    [Fact]
    public async Task Counters_of_a_hot_post_equal_its_rows_after_concurrent_likes_and_comments_on_both_replicas()
    {
        var author = await app.SignupAsync();
        var admin = await app.CreateAdminAsync();
        var post = await author.CreateTextPostAsync();
        var id = post.Id();
        var users = await Task.WhenAll(Enumerable.Range(0, Users).Select(_ => app.SignupAsync()));
        var clients = users.Select(user => new[] { OnReplica(user, 0), OnReplica(user, 1) }).ToArray();
        var adminClients = new[] { OnReplica(admin, 0), OnReplica(admin, 1) };

        // Everyone likes at once, half through each replica: every like counts.
        await AllOkAsync(clients.Select((c, i) => c[i % 2].PostAsync($"/api/posts/{id}/like", null)));
        await AssertCountsAsync(id, likes: Users, comments: 0);

        // Then at once: every user toggles twice (once per replica, racing with themselves), every third user also
        // unlikes, and every user comments, so both counters of the row move together. Which of a user's racing
        // toggles wins is not fixed; the counters must match whatever rows remain.
        var writes = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < Users; i++)
        {
            writes.Add(clients[i][0].PostAsync($"/api/posts/{id}/like", null));
            writes.Add(clients[i][1].PostAsync($"/api/posts/{id}/like", null));
            if (i % 3 == 0)
            {
                writes.Add(clients[i][(i + 1) % 2].DeleteAsync($"/api/posts/{id}/like"));
            }
            writes.Add(clients[i][i % 2].PostAsJsonAsync($"/api/posts/{id}/comments", new { content = $"hot comment {i}" }));
        }
        await AllSucceedAsync(writes);
        var likes = await LikeRowsAsync(id);
        await AssertCountsAsync(id, likes, comments: Users);

        // Then at once: every user comments again, toggles once more, and their first comment is deleted by them on one
        // replica and by the admin on the other at the same moment, so exactly one of the two deletes may count it.
        var comments = await CommentIdsByAuthorAsync(id);
        var racing = new List<Task<HttpResponseMessage>>();
        var others = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < Users; i++)
        {
            var own = Assert.Single(comments[users[i].Id]);
            racing.Add(clients[i][0].DeleteAsync($"/api/posts/{id}/comments/{own}"));
            racing.Add(adminClients[1].DeleteAsync($"/api/posts/{id}/comments/{own}"));
            others.Add(clients[i][1].PostAsJsonAsync($"/api/posts/{id}/comments", new { content = $"second comment {i}" }));
            others.Add(clients[i][i % 2].PostAsync($"/api/posts/{id}/like", null));
        }
        var racingTask = Task.WhenAll(racing);
        await AllSucceedAsync(others);
        Assert.All((await racingTask).Chunk(2), pair =>
        {
            Assert.All(pair, response => Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.NotFound }));
            Assert.Single(pair, response => response.StatusCode == HttpStatusCode.OK);
        });
        likes = await LikeRowsAsync(id);
        await AssertCountsAsync(id, likes, comments: Users);

        // The likes the counter says are the likes the users see as theirs.
        var liked = await Task.WhenAll(clients.Select((c, i) => c[i % 2].GetPostAsync(id)));
        Assert.Equal(likes, liked.Count(view => view.GetProperty("liked").GetBoolean()));
    }

    /// <summary>The stored counters equal the rows (in the database) and the expected numbers (on both replicas).</summary>
    private async Task AssertCountsAsync(long id, long likes, long comments)
    {
        var stored = await app.ScalarAsync<bool>("""
            SELECT likes_count = (SELECT count(*) FROM likes WHERE post_id = p.id)
               AND comments_count = (SELECT count(*) FROM comments WHERE post_id = p.id AND deleted_at IS NULL)
            FROM posts p WHERE p.id = @id
            """, new NpgsqlParameter("id", id));
        Assert.True(stored, "The stored counters differ from the rows they count.");
        Assert.Equal(likes, await LikeRowsAsync(id));
        for (var replica = 0; replica < SanctumAppFixture.Replicas; replica++)
        {
            var view = await app.CreateClient(replica).GetPostAsync(id);
            Assert.Equal(likes, view.GetProperty("likes_count").GetInt64());
            Assert.Equal(comments, view.GetProperty("comments_count").GetInt64());
        }
    }

    private Task<long> LikeRowsAsync(long id) =>
        app.ScalarAsync<long>("SELECT count(*) FROM likes WHERE post_id = @id", new NpgsqlParameter("id", id));

    private async Task<Dictionary<long, List<long>>> CommentIdsByAuthorAsync(long postId)
    {
        var list = await (await app.CreateClient().GetAsync($"/api/posts/{postId}/comments")).ExpectJsonAsync(HttpStatusCode.OK);
        return list.EnumerateArray()
            .GroupBy(comment => comment.GetProperty("user_id").GetInt64())
            .ToDictionary(group => group.Key, group => group.Select(comment => comment.Id()).Order().ToList());
    }

    private static async Task AllSucceedAsync(IEnumerable<Task<HttpResponseMessage>> requests)
    {
        foreach (var response in await Task.WhenAll(requests))
        {
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: "
                + $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task AllOkAsync(IEnumerable<Task<HttpResponseMessage>> requests)
    {
        var responses = await Task.WhenAll(requests);
        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
    }

    private HttpClient OnReplica(TestUser user, int replica)
    {
        var client = app.CreateClient(replica);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return client;
    }
}
