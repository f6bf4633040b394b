using Npgsql;
using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Conversations;

/// <summary>Arranging conversations and messages through the routes of contract 9.</summary>
public static class ConversationSteps
{
    public static Task<HttpResponseMessage> PostConversationAsync(this TestUser user, object body) =>
        user.Client.PostAsJsonAsync("/api/conversations", body);

    /// <summary>The DM of the two users (201 Conversation).</summary>
    public static async Task<JsonElement> OpenDmAsync(this TestUser user, TestUser other) =>
        await (await user.PostConversationAsync(new { participant_ids = new[] { other.Id } })).ExpectJsonAsync(HttpStatusCode.Created);

    public static async Task<JsonElement> CreateGroupAsync(this TestUser user, string name, params TestUser[] others) =>
        await (await user.PostConversationAsync(new { participant_ids = others.Select(o => o.Id).ToArray(), is_group = true, name }))
            .ExpectJsonAsync(HttpStatusCode.Created);

    public static Task<HttpResponseMessage> PostMessageAsync(this TestUser user, long conversationId, object body) =>
        user.Client.PostAsJsonAsync($"/api/conversations/{conversationId}/messages", body);

    public static async Task<JsonElement> SendAsync(this TestUser user, long conversationId, string content) =>
        await (await user.PostMessageAsync(conversationId, new { content })).ExpectJsonAsync(HttpStatusCode.Created);

    public static async Task<JsonElement> ListAsync(this TestUser user, string query = "") =>
        await (await user.Client.GetAsync($"/api/conversations{query}")).ExpectJsonAsync(HttpStatusCode.OK);

    public static async Task<JsonElement> DetailAsync(this TestUser user, long conversationId) =>
        await (await user.Client.GetAsync($"/api/conversations/{conversationId}")).ExpectJsonAsync(HttpStatusCode.OK);

    public static async Task<JsonElement> MessagesAsync(this TestUser user, long conversationId, string query = "") =>
        await (await user.Client.GetAsync($"/api/conversations/{conversationId}/messages{query}")).ExpectJsonAsync(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> MarkReadAsync(this TestUser user, long conversationId) =>
        user.Client.PostAsync($"/api/conversations/{conversationId}/read", null);

    /// <summary>The caller's unread count of the conversation, from the list.</summary>
    public static async Task<int> UnreadAsync(this TestUser user, long conversationId)
    {
        var list = await user.ListAsync();
        return list.EnumerateArray().Single(c => c.Id() == conversationId).GetProperty("unread_count").GetInt32();
    }

    public static async Task<int> DetailUnreadAsync(this TestUser user, long conversationId) =>
        (await user.DetailAsync(conversationId)).GetProperty("unread_count").GetInt32();

    public static Task<long> MessageCountAsync(this SanctumAppFixture app, long conversationId) =>
        app.ScalarAsync<long>("SELECT count(*) FROM messages WHERE conversation_id = @id", new NpgsqlParameter("id", conversationId));

    public static Task BlockAsync(this SanctumAppFixture app, TestUser blocker, TestUser blocked) =>
        app.ExecuteSqlAsync("INSERT INTO user_blocks (blocker_id, blocked_id) VALUES (@a, @b)",
            new NpgsqlParameter("a", blocker.Id), new NpgsqlParameter("b", blocked.Id));

    public static Task MuteAsync(this SanctumAppFixture app, long conversationId, TestUser user, TestUser by, DateTime? until = null) =>
        app.ExecuteSqlAsync("INSERT INTO chatroom_mutes (conversation_id, user_id, muted_by_user_id, muted_until) VALUES (@c, @u, @b, @until)",
            new NpgsqlParameter("c", conversationId), new NpgsqlParameter("u", user.Id), new NpgsqlParameter("b", by.Id),
            new NpgsqlParameter("until", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)until ?? DBNull.Value });

    public static readonly string[] ConversationFields =
        ["avatar", "created_at", "created_by", "id", "is_group", "messages", "name", "participants", "unread_count", "updated_at"];

    public static readonly string[] MessageFields =
        ["content", "conversation_id", "created_at", "id", "is_read", "message_type", "metadata", "sender", "sender_id", "updated_at"];
}
