using System.Globalization;
using Sanctum.Api.Features.Conversations;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;
using Sanctum.Api.Infrastructure.RateLimiting;
using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Api.Features.Chat;

/// <summary>Payload of the chat socket's <c>connected</c> frame.</summary>
public sealed record ChatConnectedPayload(long UserId, string Username);

/// <summary>Payload of <c>connected_users</c>: every other online user, platform-wide.</summary>
public sealed record ConnectedUsersPayload(IReadOnlyList<long> UserIds);

/// <summary>
/// <c>/api/ws/chat</c> (contract 12.3). Opens with <c>connected</c> and, when anyone else is online, <c>connected_users</c>.
/// Client frames (<see cref="ChatFrames"/>): <c>join</c> and <c>leave</c> make the user a viewer of a conversation on
/// this replica or stop it; <c>typing</c> goes to the conversation's viewers; <c>message</c> and <c>read</c> go to
/// <see cref="IChatMessages"/>, the REST routes' service, which raises their events. A frame that is wrong or refused
/// gets an <c>error</c> frame on this socket only; the connection stays open, and nothing here throws out of
/// <see cref="OnMessageAsync"/>.
/// </summary>
public sealed class ChatSocket(
    Presence presence,
    SocketRegistry registry,
    ConversationViewers viewers,
    ConversationAccess access,
    RedisRateLimiter limiter,
    IRealtimeEvents events,
    IChatMessages messages,
    ILogger<ChatSocket> logger) : ISocketProtocol
{
    public SocketKind Kind => SocketKind.Chat;

    public bool ReadsMessages => true;

    public async Task OnConnectedAsync(SocketConnection connection, CancellationToken cancellationToken)
    {
        connection.Send(RealtimeFrames.Serialize(Frame(connection, "connected", new ChatConnectedPayload(connection.UserId, connection.Username))));
        var others = (await presence.OnlineUsersAsync()).Where(userId => userId != connection.UserId).ToList();
        if (others.Count > 0)
        {
            connection.Send(RealtimeFrames.Serialize(Frame(connection, "connected_users", new ConnectedUsersPayload(others))));
        }
    }

    public async Task OnMessageAsync(SocketConnection connection, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var (request, error) = ChatFrames.Parse(message.Span);
        if (error is not null)
        {
            connection.Send(ChatFrames.Error(connection.UserId, 0, error));
            return;
        }
        try
        {
            var caller = new Caller(connection.UserId, connection.IsAdmin);
            var refusal = request.Type switch
            {
                ChatFrames.Join => await JoinAsync(connection, caller, request.ConversationId, cancellationToken),
                ChatFrames.Leave => Leave(connection, request.ConversationId),
                ChatFrames.Typing => await TypingAsync(connection, caller, request, cancellationToken),
                ChatFrames.Message => await SendAsync(caller, request, cancellationToken),
                _ => await ReadAsync(caller, request.ConversationId, cancellationToken),
            };
            if (refusal is not null)
            {
                connection.Send(ChatFrames.Error(connection.UserId, request.ConversationId, refusal));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection ended while the frame was handled.
        }
        catch (Exception ex)
        {
            // A dependency failed (database, Redis): the socket says so and stays open.
            logger.LogError(ex, "Chat frame {Type} of user {UserId} for conversation {ConversationId} failed", request.Type, connection.UserId, request.ConversationId);
            connection.Send(ChatFrames.Error(connection.UserId, request.ConversationId, "Internal server error"));
        }
    }

    /// <summary>Viewing belongs to the user on this replica: it ends with their last chat socket here.</summary>
    public Task OnDisconnectedAsync(SocketConnection connection)
    {
        if (registry.ForUser(SocketKind.Chat, connection.UserId).Length == 0)
        {
            viewers.LeaveAll(connection.UserId);
        }
        return Task.CompletedTask;
    }

    /// <summary>A participant becomes a viewer (all of their chat sockets here) and gets <c>joined</c>. Anyone else gets
    /// an error frame, the same for a missing conversation as for someone else's, so a join does not tell which ids
    /// exist. (The contract ignored such a join silently; the explicit error is a decision of the chat issue.)</summary>
    private async Task<string?> JoinAsync(SocketConnection connection, Caller caller, long conversationId, CancellationToken cancellationToken)
    {
        if (!await IsParticipantAsync(caller, conversationId, cancellationToken))
        {
            return ConversationAccess.NotParticipant;
        }
        viewers.View(connection.UserId, conversationId);
        connection.Send(RealtimeFrames.Serialize(new RealtimeEvent("joined", new JoinedPayload(conversationId), EventAudience.User(connection.UserId))
        {
            Socket = SocketKind.Chat,
            ConversationId = conversationId,
        }));
        return null;
    }

    private string? Leave(SocketConnection connection, long conversationId)
    {
        viewers.Leave(connection.UserId, conversationId);
        return null;
    }

    /// <summary>To every viewer, the typer's own sockets included (a client ignores its own typing). Over the
    /// <c>typing</c> budget the frame is dropped without an answer, as the contract says.</summary>
    private async Task<string?> TypingAsync(SocketConnection connection, Caller caller, ChatRequest request, CancellationToken cancellationToken)
    {
        if (!await IsParticipantAsync(caller, request.ConversationId, cancellationToken))
        {
            return ConversationAccess.NotParticipant;
        }
        if (await AcquireAsync(RateLimitPolicies.Typing, caller) is not RateLimitOutcome.Allowed)
        {
            return null;
        }
        var payload = new TypingPayload(connection.UserId, connection.Username, request.Frame.IsTyping ?? false, ChatFrames.TypingExpiresInMs);
        await events.PublishAsync(new RealtimeEvent(ChatFrames.Typing, payload, EventAudience.Viewers(request.ConversationId))
        {
            Socket = SocketKind.Chat,
            ConversationId = request.ConversationId,
            UserId = connection.UserId,
            Username = connection.Username,
        }, cancellationToken);
        return null;
    }

    /// <summary>The socket's <c>send_chat</c> check (the REST route has its filter), then the shared send path, which
    /// validates, authorizes, stores and raises <c>message</c> to the viewers; the sender gets nothing more here. A
    /// refusal for the message's own content gives its hit back.</summary>
    private async Task<string?> SendAsync(Caller caller, ChatRequest request, CancellationToken cancellationToken)
    {
        switch (await AcquireAsync(RateLimitPolicies.SendChat, caller))
        {
            case RateLimitOutcome.Limited:
                return ChatFrames.RateLimited;
            case RateLimitOutcome.Unavailable:
                return ChatFrames.RateLimitUnavailable;
        }
        var frame = request.Frame;
        var command = new SendMessageCommand(frame.Content, frame.MessageType, frame.Metadata);
        var result = await messages.SendAsync(caller, request.ConversationId, command, cancellationToken);
        if (result.Error is { Kind: ErrorKind.Validation } && limiter.Enabled)
        {
            // As on REST, where validation runs before the filter: a malformed message does not spend the budget.
            await limiter.ReleaseAsync(RateLimitPolicies.SendChat, caller.UserId.ToString(CultureInfo.InvariantCulture));
        }
        return result.Error?.Message;
    }

    private async Task<string?> ReadAsync(Caller caller, long conversationId, CancellationToken cancellationToken)
    {
        var result = await messages.MarkReadAsync(caller, conversationId, cancellationToken);
        return result.Error?.Message;
    }

    private async Task<bool> IsParticipantAsync(Caller caller, long conversationId, CancellationToken cancellationToken) =>
        (await access.AuthorizeAsync(caller, conversationId, cancellationToken)).Error is null;

    private async Task<RateLimitOutcome> AcquireAsync(RateLimitPolicy policy, Caller caller) =>
        limiter.Enabled
            ? (await limiter.AcquireAsync(policy, caller.UserId.ToString(CultureInfo.InvariantCulture))).Outcome
            : RateLimitOutcome.Allowed;

    private static RealtimeEvent Frame(SocketConnection connection, string type, object payload) =>
        new(type, payload, EventAudience.User(connection.UserId))
        {
            Socket = SocketKind.Chat,
            UserId = connection.UserId,
            Username = connection.Username,
        };
}
