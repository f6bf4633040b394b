using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Realtime;

/// <summary>
/// Presence (contract 12.3), computed across replicas: a user is online while any of their sockets on any replica is
/// open. The transitions reach other users' chat sockets as <c>user_status</c>, never the subject's own, never a
/// notifications socket.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PresenceTests(SanctumAppFixture app)
{
    /// <summary>Offline comes after the last socket closes, a 2 s grace and the 12 s last-seen key expiring, found by
    /// a reaper every 3 s: typically 12–15 s. This is the test's patience, not a timing assertion.</summary>
    private static readonly TimeSpan OfflineWithin = TimeSpan.FromSeconds(30);

    /// <summary>Past the last-seen lifetime plus the reaper's interval: a user who was going offline has been by then.</summary>
    private static readonly TimeSpan PastLastSeen = TimeSpan.FromSeconds(17);

    [Fact]
    public async Task A_user_comes_online_to_others_and_chat_lists_who_is_online_across_replicas()
    {
        var watcher = await app.SignupAsync();
        var subject = await app.SignupAsync();
        await using var watcherChat = await app.ConnectReadyAsync(watcher, TestSockets.Chat, replica: 0);
        await using var watcherNotifications = await app.ConnectReadyAsync(watcher, replica: 0);

        await using var subjectChat = await app.ConnectAsync(subject, TestSockets.Chat, replica: 1);

        var online = await watcherChat.ReceiveTypeAsync("user_status", IsAbout(subject));
        Assert.Equal(0, online.GetProperty("conversation_id").GetInt64());
        Assert.Equal(["status", "user_id"], online.Payload().FieldNames());
        Assert.Equal("online", online.Payload().GetProperty("status").GetString());
        Assert.Equal(subject.Id, online.Payload().GetProperty("user_id").GetInt64());

        await subjectChat.ReceiveTypeAsync("connected");
        var others = await subjectChat.ReceiveTypeAsync("connected_users");
        var ids = others.Payload().GetProperty("user_ids").EnumerateArray().Select(id => id.GetInt64()).ToList();
        Assert.Contains(watcher.Id, ids);
        Assert.DoesNotContain(subject.Id, ids);
        await Task.WhenAll(
            subjectChat.ExpectNoneAsync(IsAbout(subject), RealtimeSteps.AudienceSettle, "user_status about the subject itself"),
            watcherNotifications.ExpectNoneAsync(IsAbout(subject), RealtimeSteps.AudienceSettle, "user_status on a notifications socket"));
    }

    [Fact]
    public async Task A_user_stays_online_while_a_socket_on_either_replica_is_open_and_goes_offline_after_the_last()
    {
        var watcher = await app.SignupAsync();
        var subject = await app.SignupAsync();
        await using var watcherChat = await app.ConnectReadyAsync(watcher, TestSockets.Chat, replica: 0);
        var first = await app.ConnectReadyAsync(subject, replica: 0);
        await using var last = await app.ConnectReadyAsync(subject, TestSockets.Chat, replica: 1);
        await watcherChat.ReceiveTypeAsync("user_status", IsAbout(subject, "online"));

        await first.DisposeAsync();
        await watcherChat.ExpectNoneAsync(IsAbout(subject, "offline"), PastLastSeen, "offline while a socket is open on the other replica");

        await last.DisposeAsync();
        await watcherChat.ReceiveTypeAsync("user_status", IsAbout(subject, "offline"), OfflineWithin);
    }

    private static Func<JsonElement, bool> IsAbout(TestUser subject, string? status = null) => frame =>
        frame.Type() == "user_status" && frame.TryGetProperty("user_id", out var userId) && userId.GetInt64() == subject.Id
        && (status is null || frame.Payload().GetProperty("status").GetString() == status);
}
