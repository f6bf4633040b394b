using Npgsql;
using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Conversations;

/// <summary>POST/GET/DELETE /api/conversations and participants (contract 9): shapes, DM reuse, groups, errors.</summary>
[Collection(AppCollection.Name)]
public sealed class ConversationRouteTests(SanctumAppFixture app)
{
    [Fact]
    public async Task A_dm_is_one_conversation_per_pair_whoever_opens_it()
    {
        var a = await app.SignupAsync("ca");
        var b = await app.SignupAsync("cb");

        var first = await a.OpenDmAsync(b);
        Assert.Equal(ConversationSteps.ConversationFields, first.FieldNames());
        Assert.Empty(first.GetProperty("messages").EnumerateArray());
        Assert.False(first.GetProperty("is_group").GetBoolean());
        Assert.Equal(a.Id, first.GetProperty("created_by").GetInt64());
        Assert.Equal(0, first.GetProperty("unread_count").GetInt32());
        Assert.Equal(new[] { a.Id, b.Id }.Order(), first.GetProperty("participants").Ids().Order());
        // Another participant sees no email of the other (decision 7).
        var bAsSeenByA = first.GetProperty("participants").EnumerateArray().Single(p => p.Id() == b.Id);
        Assert.Equal("", bAsSeenByA.GetProperty("email").GetString());

        var again = await a.OpenDmAsync(b);
        var fromB = await b.OpenDmAsync(a);
        Assert.Equal(first.Id(), again.Id());
        Assert.Equal(first.Id(), fromB.Id());
        Assert.Equal(1L, await app.ScalarAsync<long>(
            "SELECT count(*) FROM conversations WHERE dm_user_low = @low AND dm_user_high = @high",
            new NpgsqlParameter("low", Math.Min(a.Id, b.Id)), new NpgsqlParameter("high", Math.Max(a.Id, b.Id))));
    }

    [Fact]
    public async Task Two_users_opening_the_same_dm_at_once_get_one_conversation()
    {
        var a = await app.SignupAsync("ra");
        var b = await app.SignupAsync("rb");

        var opens = Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? a.OpenDmAsync(b) : b.OpenDmAsync(a));
        var results = await Task.WhenAll(opens);

        Assert.Single(results.Select(r => r.Id()).Distinct());
        Assert.Equal(1L, await app.ScalarAsync<long>(
            "SELECT count(*) FROM conversations WHERE dm_user_low = @low AND dm_user_high = @high",
            new NpgsqlParameter("low", Math.Min(a.Id, b.Id)), new NpgsqlParameter("high", Math.Max(a.Id, b.Id))));
        Assert.Equal(2L, await app.ScalarAsync<long>("SELECT count(*) FROM conversation_participants WHERE conversation_id = @id",
            new NpgsqlParameter("id", results[0].Id())));
    }

    [Fact]
    public async Task Leaving_a_dm_and_opening_it_again_re_adds_the_caller_to_the_same_conversation()
    {
        var a = await app.SignupAsync("la");
        var b = await app.SignupAsync("lb");
        var dm = await a.OpenDmAsync(b);
        await b.SendAsync(dm.Id(), "before you left");

        var left = await (await a.Client.DeleteAsync($"/api/conversations/{dm.Id()}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Conversation removed", left.GetProperty("message").GetString());
        await (await a.Client.GetAsync($"/api/conversations/{dm.Id()}"))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You are not a participant in this conversation");
        Assert.DoesNotContain(dm.Id(), (await a.ListAsync()).Ids());
        Assert.Contains(dm.Id(), (await b.ListAsync()).Ids());

        var reopened = await a.OpenDmAsync(b);
        Assert.Equal(dm.Id(), reopened.Id());
        Assert.Contains(a.Id, reopened.GetProperty("participants").Ids());
        Assert.Equal("before you left", reopened.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Create_refuses_bad_input_and_unknown_users_and_writes_nothing()
    {
        var a = await app.SignupAsync("xa");
        var b = await app.SignupAsync("xb");

        await (await a.PostConversationAsync(new { participant_ids = Array.Empty<long>() }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "At least one participant is required");
        await (await a.PostConversationAsync(new { }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "At least one participant is required");
        await (await a.PostConversationAsync(new { participant_ids = new[] { a.Id, a.Id } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "At least one participant is required");
        await (await a.PostConversationAsync(new { participant_ids = new[] { b.Id }, is_group = true }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Group conversations require a name");
        await (await a.PostConversationAsync(new { participant_ids = new[] { b.Id }, is_group = true, name = "  " }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Group conversations require a name");
        await (await a.PostConversationAsync(new { participant_ids = Enumerable.Range(1, 101).Select(i => (long)i).ToArray() }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        const long unknown = 9_000_000_000;
        await (await a.PostConversationAsync(new { participant_ids = new[] { unknown } }))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"User with ID {unknown} not found");
        await (await a.PostConversationAsync(new { participant_ids = new[] { b.Id, unknown }, is_group = true, name = "g" }))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"User with ID {unknown} not found");
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM conversations WHERE created_by = @a",
            new NpgsqlParameter("a", a.Id)));
    }

    [Fact]
    public async Task A_group_folds_duplicates_has_no_sanctum_and_takes_new_participants_once()
    {
        var a = await app.SignupAsync("ga");
        var b = await app.SignupAsync("gb");
        var c = await app.SignupAsync("gc");
        var d = await app.SignupAsync("gd");

        var group = await (await a.PostConversationAsync(new { participant_ids = new[] { b.Id, b.Id, a.Id, c.Id }, is_group = true, name = "Team" }))
            .ExpectJsonAsync(HttpStatusCode.Created);
        Assert.True(group.GetProperty("is_group").GetBoolean());
        Assert.Equal("Team", group.GetProperty("name").GetString());
        Assert.False(group.TryGetProperty("sanctum_id", out _));
        Assert.Equal(new[] { a.Id, b.Id, c.Id }.Order(), group.GetProperty("participants").Ids().Order());

        for (var i = 0; i < 2; i++)
        {
            var added = await a.Client.PostAsJsonAsync($"/api/conversations/{group.Id()}/participants", new { user_id = d.Id });
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
            Assert.Equal("OK", await added.Content.ReadAsStringAsync());
        }
        Assert.Equal(4, (await d.DetailAsync(group.Id())).GetProperty("participants").GetArrayLength());

        await (await a.Client.PostAsJsonAsync($"/api/conversations/{group.Id()}/participants", new { user_id = 9_000_000_000 }))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "User with ID 9000000000 not found");
        var outsider = await app.SignupAsync("go");
        await (await outsider.Client.PostAsJsonAsync($"/api/conversations/{group.Id()}/participants", new { user_id = outsider.Id }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You are not a participant in this conversation");

        var dm = await a.OpenDmAsync(b);
        await (await a.Client.PostAsJsonAsync($"/api/conversations/{dm.Id()}/participants", new { user_id = c.Id }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Cannot add participants to 1-on-1 conversations");
    }

    [Fact]
    public async Task Detail_and_leave_answer_404_for_unknown_and_403_for_outsiders()
    {
        var a = await app.SignupAsync("da");
        var b = await app.SignupAsync("db");
        var outsider = await app.SignupAsync("do");
        var dm = await a.OpenDmAsync(b);

        await (await a.Client.GetAsync("/api/conversations/9000000000"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Conversation with ID 9000000000 not found");
        await (await outsider.Client.GetAsync($"/api/conversations/{dm.Id()}"))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You are not a participant in this conversation");
        await (await outsider.Client.DeleteAsync($"/api/conversations/{dm.Id()}"))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You are not a participant in this conversation");
        await (await a.Client.DeleteAsync("/api/conversations/9000000000"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Detail_has_the_newest_fifty_messages_in_ascending_order()
    {
        var a = await app.SignupAsync("na");
        var b = await app.SignupAsync("nb");
        var dm = await a.OpenDmAsync(b);
        await app.ExecuteSqlAsync("""
            INSERT INTO messages (conversation_id, sender_id, content, metadata)
            SELECT @c, @a, 'm' || g, '{}' FROM generate_series(1, 60) g
            """, new NpgsqlParameter("c", dm.Id()), new NpgsqlParameter("a", a.Id));

        var detail = await a.DetailAsync(dm.Id());
        var contents = detail.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()).ToList();
        Assert.Equal(Enumerable.Range(11, 50).Select(i => $"m{i}"), contents);
        Assert.Equal(60, await b.DetailUnreadAsync(dm.Id()));
    }

    [Fact]
    public async Task The_list_is_ordered_by_activity_with_the_latest_message_of_each()
    {
        var a = await app.SignupAsync("oa");
        var b = await app.SignupAsync("ob");
        var c = await app.SignupAsync("oc");
        var withB = await a.OpenDmAsync(b);
        var withC = await a.OpenDmAsync(c);
        await b.SendAsync(withB.Id(), "first");
        await b.SendAsync(withB.Id(), "second");
        await c.SendAsync(withC.Id(), "from c");
        await b.SendAsync(withB.Id(), "third");

        var list = await a.ListAsync();
        var ids = list.Ids();
        Assert.True(ids.IndexOf(withB.Id()) < ids.IndexOf(withC.Id()), "the DM with the newest message comes first");
        var first = list.EnumerateArray().Single(x => x.Id() == withB.Id());
        Assert.Equal(ConversationSteps.ConversationFields, first.FieldNames());
        var latest = Assert.Single(first.GetProperty("messages").EnumerateArray());
        Assert.Equal("third", latest.GetProperty("content").GetString());
        Assert.Equal(b.Id, latest.GetProperty("sender").Id());
        Assert.Equal(3, first.GetProperty("unread_count").GetInt32());
        Assert.Equal(1, list.EnumerateArray().Single(x => x.Id() == withC.Id()).GetProperty("unread_count").GetInt32());

        var page = await a.ListAsync("?limit=1&offset=0");
        Assert.Equal([withB.Id()], page.Ids());
        var quiet = await a.OpenDmAsync(await app.SignupAsync("oq"));
        var entry = (await a.ListAsync()).EnumerateArray().Single(x => x.Id() == quiet.Id());
        Assert.False(entry.TryGetProperty("messages", out _));
    }
}
