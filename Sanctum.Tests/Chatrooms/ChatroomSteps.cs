using System.Text;
using System.Threading.Channels;
using Npgsql;
using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;
using StackExchange.Redis;

namespace Sanctum.Tests.Chatrooms;

/// <summary>A sanctum and its default room, made with SQL (the sanctum routes need an admin approval round trip).</summary>
public sealed record TestRoom(long SanctumId, long Id, string Name, string Slug);

/// <summary>Arranging chatrooms, participants and messages (the message routes belong to another feature).</summary>
public static class ChatroomSteps
{
    public static async Task<TestRoom> CreateRoomAsync(this SanctumAppFixture app, long createdBy = 0, string? name = null)
    {
        var slug = TestData.Slug("r");
        name ??= "Room " + slug;
        var sanctumId = await app.ScalarAsync<long>("INSERT INTO sanctums (name, slug) VALUES (@name, @slug) RETURNING id",
            new NpgsqlParameter("name", name), new NpgsqlParameter("slug", slug));
        var id = await app.ScalarAsync<long>(
            "INSERT INTO conversations (name, is_group, created_by, sanctum_id) VALUES (@name, TRUE, @by, @sanctum) RETURNING id",
            new NpgsqlParameter("name", name), new NpgsqlParameter("by", createdBy), new NpgsqlParameter("sanctum", sanctumId));
        return new TestRoom(sanctumId, id, name, slug);
    }

    public static Task SetSanctumRoleAsync(this SanctumAppFixture app, TestRoom room, TestUser user, string role) =>
        app.ExecuteSqlAsync("INSERT INTO sanctum_memberships (sanctum_id, user_id, role) VALUES (@s, @u, @r)",
            new NpgsqlParameter("s", room.SanctumId), new NpgsqlParameter("u", user.Id), new NpgsqlParameter("r", role));

    /// <summary>A user holding the role the room theories name: <c>admin</c>, <c>sanctum_owner</c>, <c>sanctum_mod</c>,
    /// <c>sanctum_member</c>, <c>chatroom_moderator</c>, <c>room_member</c>, or anything else for an outsider.</summary>
    public static async Task<TestUser> ActorAsync(this SanctumAppFixture app, TestRoom room, string who)
    {
        var actor = who == "admin" ? await app.CreateAdminAsync() : await app.SignupAsync("ra");
        switch (who)
        {
            case "sanctum_owner": await app.SetSanctumRoleAsync(room, actor, "owner"); break;
            case "sanctum_mod": await app.SetSanctumRoleAsync(room, actor, "mod"); break;
            case "sanctum_member": await app.SetSanctumRoleAsync(room, actor, "member"); break;
            case "chatroom_moderator":
                await app.ExecuteSqlAsync("INSERT INTO chatroom_moderators (conversation_id, user_id, granted_by_user_id) VALUES (@c, @u, @u)",
                    new NpgsqlParameter("c", room.Id), new NpgsqlParameter("u", actor.Id));
                break;
            case "room_member": await actor.JoinOkAsync(room.Id); break;
        }
        return actor;
    }

    /// <summary>A conversation without a sanctum created by the first member, with every member a participant.</summary>
    public static async Task<long> CreateConversationAsync(this SanctumAppFixture app, bool isGroup, params TestUser[] members)
    {
        var id = await app.ScalarAsync<long>(
            "INSERT INTO conversations (name, is_group, created_by) VALUES (@name, @isGroup, @by) RETURNING id",
            new NpgsqlParameter("name", isGroup ? "Private " + TestData.Slug("p") : ""),
            new NpgsqlParameter("isGroup", isGroup), new NpgsqlParameter("by", members[0].Id));
        foreach (var member in members)
        {
            await app.AddParticipantAsync(id, member.Id);
        }
        return id;
    }

    /// <summary>A user-created group (no sanctum) with its creator as participant.</summary>
    public static Task<long> CreatePrivateGroupAsync(this SanctumAppFixture app, TestUser creator) => app.CreateConversationAsync(true, creator);

    public static Task<long> CreateDmAsync(this SanctumAppFixture app, TestUser a, TestUser b) => app.CreateConversationAsync(false, a, b);

    public static Task AddParticipantAsync(this SanctumAppFixture app, long conversationId, long userId) =>
        app.ExecuteSqlAsync("INSERT INTO conversation_participants (conversation_id, user_id) VALUES (@c, @u)",
            new NpgsqlParameter("c", conversationId), new NpgsqlParameter("u", userId));

    public static Task<long> InsertMessageAsync(this SanctumAppFixture app, long conversationId, long senderId, string content = "hello") =>
        app.ScalarAsync<long>(
            "INSERT INTO messages (conversation_id, sender_id, content, metadata) VALUES (@c, @s, @content, '{}') RETURNING id",
            new NpgsqlParameter("c", conversationId), new NpgsqlParameter("s", senderId), new NpgsqlParameter("content", content));

    public static Task<long> ParticipantRowsAsync(this SanctumAppFixture app, long conversationId, long userId) =>
        app.ScalarAsync<long>("SELECT count(*) FROM conversation_participants WHERE conversation_id = @c AND user_id = @u",
            new NpgsqlParameter("c", conversationId), new NpgsqlParameter("u", userId));

    public static Task<HttpResponseMessage> JoinAsync(this TestUser user, long roomId) =>
        user.Client.PostAsync($"/api/chatrooms/{roomId}/join", null);

    public static async Task JoinOkAsync(this TestUser user, long roomId)
    {
        var body = await (await user.JoinAsync(roomId)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Joined chatroom successfully", body.GetProperty("message").GetString());
    }

    /// <summary>The room in <paramref name="path"/>'s list as <paramref name="viewer"/> sees it, or null.</summary>
    public static async Task<JsonElement?> FindInListAsync(this TestUser viewer, long roomId, string path = "/api/chatrooms")
    {
        var list = await (await viewer.Client.GetAsync(path)).ExpectJsonAsync(HttpStatusCode.OK);
        foreach (var room in list.EnumerateArray())
        {
            if (room.Id() == roomId)
            {
                return room;
            }
        }
        return null;
    }

    public static async Task<JsonElement> ExpectMessageAsync(this Task<HttpResponseMessage> request, string message)
    {
        var body = await (await request).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(message, body.GetProperty("message").GetString());
        return body;
    }

    public static StringContent JsonBody(object body) => HttpAssertions.Json(JsonSerializer.Serialize(body));
}

/// <summary>
/// Listens on the Redis channel <c>chat:conv:&lt;id&gt;</c> that carries a conversation's viewer events between replicas
/// (contract 16.2), so a test sees what the viewers would get without the socket's <c>join</c> frame. Each message is
/// three header lines (origin, kind, audience) and the frame.
/// </summary>
public sealed class ConversationTap : IAsyncDisposable
{
    private readonly ISubscriber _subscriber;
    private readonly RedisChannel _channel;
    private readonly Channel<(string Kind, string Audience, string Frame)> _messages = Channel.CreateUnbounded<(string, string, string)>();

    private ConversationTap(ISubscriber subscriber, RedisChannel channel)
    {
        _subscriber = subscriber;
        _channel = channel;
    }

    public static async Task<ConversationTap> OpenAsync(SanctumAppFixture app, long conversationId)
    {
        var tap = new ConversationTap(app.Redis.GetSubscriber(), RedisChannel.Literal($"chat:conv:{conversationId}"));
        // A queue, not a handler: handlers may run concurrently and see a removal before the event published ahead of it.
        var queue = await tap._subscriber.SubscribeAsync(tap._channel);
        queue.OnMessage(message =>
        {
            var parts = Encoding.UTF8.GetString((byte[])message.Message!).Split('\n', 4);
            tap._messages.Writer.TryWrite((parts[1], parts[2], parts[3]));
        });
        return tap;
    }

    /// <summary>The next message of <paramref name="kind"/> matching <paramref name="match"/>, within the frame timeout.</summary>
    public async Task<(string Audience, string Frame)> NextAsync(string kind, Func<string, bool> match)
    {
        using var timeout = new CancellationTokenSource(TestSockets.FrameTimeout);
        var seen = new List<string>();
        while (true)
        {
            (string Kind, string Audience, string Frame) message;
            try
            {
                message = await _messages.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"no '{kind}' message on {_channel}; saw: {string.Join(" | ", seen)}");
            }
            if (message.Kind == kind && match(message.Frame))
            {
                return (message.Audience, message.Frame);
            }
            seen.Add($"{message.Kind} {message.Audience} {message.Frame}");
        }
    }

    /// <summary>The next chat event of <paramref name="type"/> about <paramref name="userId"/> (top-level <c>user_id</c>), parsed.
    /// Events published before the tap opened may still arrive (the bus publishes asynchronously), hence the filter.</summary>
    public async Task<JsonElement> NextEventAsync(string type, long userId)
    {
        var (_, frame) = await NextAsync("chat", text => IsAbout(text, type, userId));
        return JsonDocument.Parse(frame).RootElement;
    }

    private static bool IsAbout(string frame, string type, long userId)
    {
        var root = JsonDocument.Parse(frame).RootElement;
        return root.GetProperty("type").GetString() == type && root.TryGetProperty("user_id", out var id) && id.GetInt64() == userId;
    }

    /// <summary>Fails if a chat event of <paramref name="type"/> about <paramref name="userId"/> arrives within the settle time.</summary>
    public async Task ExpectNoEventAsync(string type, long userId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(Realtime.RealtimeSteps.AudienceSettle);
            while (true)
            {
                var message = await _messages.Reader.ReadAsync(timeout.Token);
                Assert.False(message.Kind == "chat" && IsAbout(message.Frame, type, userId),
                    $"unexpected {type}: {message.Frame}");
            }
        }
        catch (OperationCanceledException)
        {
            // The settle time passed without the event: what the test wants.
        }
    }

    public async ValueTask DisposeAsync() => await _subscriber.UnsubscribeAsync(_channel);
}
