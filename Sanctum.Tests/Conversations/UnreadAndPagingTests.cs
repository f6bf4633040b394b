using Npgsql;
using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Conversations;

/// <summary>Unread counts are computed and exact (contract 19 fixed); history pages with before_id while messages arrive.</summary>
[Collection(AppCollection.Name)]
public sealed class UnreadAndPagingTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Unread_is_exact_after_send_read_and_a_deleted_unread_message()
    {
        var a = await app.SignupAsync("ua");
        var b = await app.SignupAsync("ub");
        var dm = await a.OpenDmAsync(b);
        Assert.Equal(0, await b.UnreadAsync(dm.Id()));

        await a.SendAsync(dm.Id(), "one");
        await a.SendAsync(dm.Id(), "two");
        Assert.Equal(2, await b.UnreadAsync(dm.Id()));
        Assert.Equal(2, await b.DetailUnreadAsync(dm.Id()));
        Assert.Equal(0, await a.UnreadAsync(dm.Id()));

        await (await b.MarkReadAsync(dm.Id())).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, await b.UnreadAsync(dm.Id()));

        var three = await a.SendAsync(dm.Id(), "three");
        Assert.Equal(1, await b.UnreadAsync(dm.Id()));
        await b.SendAsync(dm.Id(), "my reply reads everything before it");
        Assert.Equal(0, await b.UnreadAsync(dm.Id()));
        Assert.Equal(1, await a.UnreadAsync(dm.Id()));

        var four = await a.SendAsync(dm.Id(), "four");
        Assert.Equal(1, await b.UnreadAsync(dm.Id()));
        await (await a.Client.DeleteAsync($"/api/conversations/{dm.Id()}/messages/{four.Id()}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, await b.UnreadAsync(dm.Id()));
        Assert.NotEqual(0, three.Id());
    }

    [Fact]
    public async Task Unread_is_exact_after_a_participant_leaves_and_is_added_back()
    {
        var a = await app.SignupAsync("ga");
        var b = await app.SignupAsync("gb");
        var c = await app.SignupAsync("gc");
        var group = await a.CreateGroupAsync("unread", b, c);
        await a.SendAsync(group.Id(), "hello all");
        Assert.Equal(1, await c.UnreadAsync(group.Id()));

        await (await b.Client.DeleteAsync($"/api/conversations/{group.Id()}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, await c.UnreadAsync(group.Id()));
        Assert.DoesNotContain(group.Id(), (await b.ListAsync()).Ids());
        await a.SendAsync(group.Id(), "while b was away");
        Assert.Equal(2, await c.UnreadAsync(group.Id()));

        var added = await a.Client.PostAsJsonAsync($"/api/conversations/{group.Id()}/participants", new { user_id = b.Id });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(0, await b.UnreadAsync(group.Id()));
        await c.SendAsync(group.Id(), "welcome back");
        Assert.Equal(1, await b.UnreadAsync(group.Id()));
    }

    [Fact]
    public async Task Paging_a_thousand_messages_with_before_id_returns_each_once_in_order_while_new_ones_arrive()
    {
        var a = await app.SignupAsync("pa");
        var b = await app.SignupAsync("pb");
        var dm = await a.OpenDmAsync(b);
        await app.ExecuteSqlAsync("""
            INSERT INTO messages (conversation_id, sender_id, content, metadata)
            SELECT @c, CASE WHEN g % 2 = 0 THEN @a ELSE @b END, 'm' || g, '{}' FROM generate_series(1, 1000) g
            """, new NpgsqlParameter("c", dm.Id()), new NpgsqlParameter("a", a.Id), new NpgsqlParameter("b", b.Id));
        var original = await app.ScalarAsync<long[]>("SELECT array_agg(id ORDER BY id) FROM messages WHERE conversation_id = @c",
            new NpgsqlParameter("c", dm.Id()));
        Assert.Equal(1000, original.Length);

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 15 && !stop.IsCancellationRequested; i++)
            {
                await a.SendAsync(dm.Id(), $"live {i}");
            }
        });

        var pages = new List<List<long>>();
        long? before = null;
        for (var guard = 0; guard < 30; guard++)
        {
            var page = (await b.MessagesAsync(dm.Id(), before is null ? "?limit=100" : $"?limit=100&before_id={before}")).Ids();
            if (page.Count == 0)
            {
                break;
            }
            Assert.Equal(page.Order(), page);
            pages.Add(page);
            before = page[0];
        }
        await stop.CancelAsync();
        await writer;

        var seen = Enumerable.Reverse(pages).SelectMany(page => page).ToList();
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(original, seen.Where(id => id <= original[^1]).ToList());
    }

    [Fact]
    public async Task Offset_paging_returns_the_newest_limit_after_skipping_offset_in_ascending_order()
    {
        var a = await app.SignupAsync("oa");
        var b = await app.SignupAsync("ob");
        var dm = await a.OpenDmAsync(b);
        await app.ExecuteSqlAsync("""
            INSERT INTO messages (conversation_id, sender_id, content, metadata)
            SELECT @c, @a, 'm' || g, '{}' FROM generate_series(1, 120) g
            """, new NpgsqlParameter("c", dm.Id()), new NpgsqlParameter("a", a.Id));

        var contents = async (string query) => (await b.MessagesAsync(dm.Id(), query)).EnumerateArray()
            .Select(m => m.GetProperty("content").GetString()).ToList();
        Assert.Equal(Enumerable.Range(71, 50).Select(i => $"m{i}"), await contents(""));
        Assert.Equal(Enumerable.Range(11, 10).Select(i => $"m{i}"), await contents("?limit=10&offset=100"));
        Assert.Equal(100, (await contents("?limit=500")).Count);
        await (await b.Client.GetAsync($"/api/conversations/{dm.Id()}/messages?before_id=0"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }
}
