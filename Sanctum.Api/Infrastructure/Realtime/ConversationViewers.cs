using System.Collections.Concurrent;

namespace Sanctum.Api.Infrastructure.Realtime;

/// <summary>
/// Who views which conversation on this replica (contract 12.3): a chat socket's <c>join</c> makes its user a viewer,
/// on every chat socket the user has here, until <c>leave</c>, leaving the conversation, or the user's last chat
/// socket here closing. Events for <see cref="Events.EventAudience.Viewers"/> go to these users. Writes copy under a
/// lock; <see cref="Of"/> reads without one, as the fan-out does for every event.
/// </summary>
public sealed class ConversationViewers
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<long, long[]> _byConversation = new();
    private readonly Dictionary<long, HashSet<long>> _byUser = [];

    public long[] Of(long conversationId) => _byConversation.GetValueOrDefault(conversationId, []);

    public bool IsViewing(long userId, long conversationId) => Of(conversationId).Contains(userId);

    public void View(long userId, long conversationId)
    {
        lock (_gate)
        {
            var viewers = Of(conversationId);
            if (viewers.Contains(userId))
            {
                return;
            }
            _byConversation[conversationId] = [.. viewers, userId];
            if (!_byUser.TryGetValue(userId, out var conversations))
            {
                _byUser[userId] = conversations = [];
            }
            conversations.Add(conversationId);
        }
    }

    public void Leave(long userId, long conversationId)
    {
        lock (_gate)
        {
            LeaveLocked(userId, conversationId);
            if (_byUser.TryGetValue(userId, out var conversations) && conversations.Remove(conversationId) && conversations.Count == 0)
            {
                _byUser.Remove(userId);
            }
        }
    }

    /// <summary>The user's last chat socket on this replica has closed.</summary>
    public void LeaveAll(long userId)
    {
        lock (_gate)
        {
            if (!_byUser.Remove(userId, out var conversations))
            {
                return;
            }
            foreach (var conversationId in conversations)
            {
                LeaveLocked(userId, conversationId);
            }
        }
    }

    private void LeaveLocked(long userId, long conversationId)
    {
        var remaining = Of(conversationId).Where(viewer => viewer != userId).ToArray();
        if (remaining.Length == 0)
        {
            _byConversation.TryRemove(conversationId, out _);
        }
        else
        {
            _byConversation[conversationId] = remaining;
        }
    }
}
