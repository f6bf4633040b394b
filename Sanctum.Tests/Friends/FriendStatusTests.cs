using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Friends;

/// <summary>Status with a user, the three lists and removal (contract 7): exact after accept and remove cycles.</summary>
[Collection(AppCollection.Name)]
public sealed class FriendStatusTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Status_walks_none_pending_sent_pending_received_and_friends()
    {
        var a = await app.SignupAsync("fa");
        var b = await app.SignupAsync("fb");

        var none = await a.StatusAsync(b.Id);
        Assert.Equal(["friendship", "request_id", "status"], none.FieldNames());
        Assert.Equal("none", none.GetProperty("status").GetString());
        Assert.Equal(0, none.GetProperty("request_id").GetInt64());
        Assert.Equal(JsonValueKind.Null, none.GetProperty("friendship").ValueKind);

        var request = await a.SendRequestAsync(b);
        var sent = await a.StatusAsync(b.Id);
        Assert.Equal("pending_sent", sent.GetProperty("status").GetString());
        Assert.Equal(request.Id(), sent.GetProperty("request_id").GetInt64());
        sent.GetProperty("friendship").AssertFriendship(a.Id, b.Id, "pending");
        sent.GetProperty("friendship").GetProperty("addressee").AssertPublicForm(b);

        var received = await b.StatusAsync(a.Id);
        Assert.Equal("pending_received", received.GetProperty("status").GetString());
        Assert.Equal(request.Id(), received.GetProperty("request_id").GetInt64());

        await b.AcceptAsync(request.Id());
        foreach (var (viewer, other) in new[] { (a, b), (b, a) })
        {
            var friends = await viewer.StatusAsync(other.Id);
            Assert.Equal("friends", friends.GetProperty("status").GetString());
            Assert.Equal(request.Id(), friends.GetProperty("request_id").GetInt64());
            friends.GetProperty("friendship").AssertFriendship(a.Id, b.Id, "accepted");
        }

        await (await a.Client.GetAsync($"/api/friends/status/{long.MaxValue}"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"User with ID {long.MaxValue} not found");
    }

    [Fact]
    public async Task Lists_stay_exact_through_request_accept_and_remove_cycles()
    {
        var a = await app.SignupAsync("fa");
        var b = await app.SignupAsync("fb");
        var c = await app.SignupAsync("fc");

        var ab = await a.SendRequestAsync(b);
        var ca = await c.SendRequestAsync(a);
        Assert.Equal([ab.Id()], await a.IdsAsync("/api/friends/requests/sent"));
        Assert.Equal([ca.Id()], await a.IdsAsync("/api/friends/requests"));
        Assert.Equal([ab.Id()], await b.IdsAsync("/api/friends/requests"));
        Assert.Empty(await b.IdsAsync("/api/friends/requests/sent"));
        var incoming = await (await b.Client.GetAsync("/api/friends/requests")).ExpectJsonAsync(HttpStatusCode.OK);
        var only = Assert.Single(incoming.EnumerateArray());
        only.AssertFriendship(a.Id, b.Id, "pending");
        only.GetProperty("sender").AssertPublicForm(a);
        only.GetProperty("receiver").AssertFullForm(b, banned: false);

        for (var round = 0; round < 2; round++)
        {
            var abId = round == 0 ? ab.Id() : (await a.SendRequestAsync(b)).Id();
            var caId = round == 0 ? ca.Id() : (await c.SendRequestAsync(a)).Id();
            await b.AcceptAsync(abId);
            await a.AcceptAsync(caId);

            Assert.Equal([c.Id, b.Id], await a.IdsAsync("/api/friends"));
            Assert.Equal([a.Id], await b.IdsAsync("/api/friends"));
            Assert.Equal([a.Id], await c.IdsAsync("/api/friends"));
            Assert.Empty(await a.IdsAsync("/api/friends/requests"));
            Assert.Empty(await a.IdsAsync("/api/friends/requests/sent"));
            var friends = await (await a.Client.GetAsync("/api/friends")).ExpectJsonAsync(HttpStatusCode.OK);
            friends[0].AssertPublicForm(c);

            var removed = await b.Client.DeleteAsync($"/api/friends/{a.Id}");
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
            Assert.Equal("text/plain", removed.Content.Headers.ContentType?.MediaType);
            Assert.Equal("OK", await removed.Content.ReadAsStringAsync());
            await (await b.Client.DeleteAsync($"/api/friends/{a.Id}"))
                .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Friendship with ID 0 not found");
            Assert.Equal(HttpStatusCode.OK, (await c.Client.DeleteAsync($"/api/friends/{a.Id}")).StatusCode);

            Assert.Empty(await a.IdsAsync("/api/friends"));
            Assert.Empty(await b.IdsAsync("/api/friends"));
            Assert.Equal("none", (await a.StatusAsync(b.Id)).GetProperty("status").GetString());
            Assert.Equal(0, await app.PairRowsAsync(a.Id, b.Id));
            Assert.Equal(0, await app.PairRowsAsync(a.Id, c.Id));
        }
    }

    [Fact]
    public async Task Remove_is_404_for_a_pending_request_and_for_a_stranger()
    {
        var a = await app.SignupAsync("fa");
        var b = await app.SignupAsync("fb");
        var stranger = await app.SignupAsync("fs");
        await a.SendRequestAsync(b);

        await (await a.Client.DeleteAsync($"/api/friends/{b.Id}"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Friendship with ID 0 not found");
        await (await stranger.Client.DeleteAsync($"/api/friends/{a.Id}"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Friendship with ID 0 not found");
        Assert.Equal(1, await app.PairRowsAsync(a.Id, b.Id));
    }
}
