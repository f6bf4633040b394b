using System.Security.Cryptography;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Features.Conversations;

/// <summary>
/// The welcome bot of contract 17: the user <c>welcomebot</c> (identified by its email), created lazily and race-safely,
/// which greets each new user once in a DM (<c>signup_dm</c>) and each user once per room they join (<c>room_join</c>).
/// Its messages have no metadata and bypass rate limits and mention parsing.
/// </summary>
public sealed class WelcomeBot(ConversationStore conversations, MessageStore messages, MessageService chat, IRealtimeEvents events,
    ILogger<WelcomeBot> logger) : IStartupTask
{
    public const string Username = "welcomebot";
    public const string Email = "welcomebot@sanctum.local";
    public const string Bio = "System assistant";

    public const string SignupText =
        "Welcome to Sanctum! I'm the welcome bot. Join a few sanctums, say hello in their chat rooms, and reply here if you need a hand getting started.";

    private long _botId; // 0 until known

    /// <summary>
    /// Signup's welcome DM. Never fails the signup: an error is logged and the user simply has no welcome message
    /// (the event row is written with the message, so a later call would still send it).
    /// </summary>
    public async Task GreetSignupAsync(long userId, CancellationToken cancellationToken)
    {
        try
        {
            var botId = await BotIdAsync(cancellationToken);
            if (botId is null)
            {
                logger.LogWarning("Welcome DM skipped for user {UserId}: the username {Username} belongs to someone else", userId, Username);
                return;
            }
            var dm = await conversations.OpenDirectAsync(botId.Value, userId, cancellationToken);
            if (dm.ConversationId is not { } conversationId)
            {
                return;
            }
            var row = await messages.InsertOnceAsync(userId, null, "signup_dm", conversationId, botId.Value, SignupText, seenByUser: false, cancellationToken);
            if (row is not null)
            {
                await chat.AnnounceAsync(false, row.ToDto(viewer: null), row.Sender?.Username, [botId.Value, userId], cancellationToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Welcome DM failed for user {UserId}; the signup stands", userId);
        }
    }

    /// <summary>
    /// The room greeting, once per user per room: posted by the bot without joining the room, and raised as
    /// <c>room_message</c> to the room's viewers. False when it was already posted (or the bot cannot exist).
    /// </summary>
    public async Task<bool> GreetRoomJoinAsync(long userId, long conversationId, CancellationToken cancellationToken)
    {
        var botId = await BotIdAsync(cancellationToken);
        if (botId is null)
        {
            return false;
        }
        var text = $"Welcome, user #{userId}. Be kind, stay on topic, and enjoy the conversation.";
        var row = await messages.InsertOnceAsync(userId, conversationId, "room_join", conversationId, botId.Value, text, seenByUser: true, cancellationToken);
        if (row is null)
        {
            return false;
        }
        await events.PublishAsync(new RealtimeEvent("room_message", row.ToDto(viewer: null), EventAudience.Viewers(conversationId))
        {
            Socket = SocketKind.Chat,
            ConversationId = conversationId,
            UserId = botId.Value,
            Username = row.Sender?.Username,
        }, cancellationToken);
        return true;
    }

    /// <summary>Creates the bot at startup, so its username and email are taken before anyone can sign up with them.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (await BotIdAsync(cancellationToken) is null)
        {
            logger.LogWarning("The welcome bot cannot exist: the username {Username} or the email {Email} belongs to a user; no welcomes will be sent", Username, Email);
        }
    }

    /// <summary>The bot's id, created on first use; a concurrent creation on another replica is met on the unique indexes.</summary>
    private async Task<long?> BotIdAsync(CancellationToken cancellationToken)
    {
        var known = Volatile.Read(ref _botId);
        if (known > 0)
        {
            return known;
        }
        // An unusable password: the hash of a random secret nobody keeps.
        var hash = Passwords.Hash(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
        var id = await conversations.EnsureUserAsync(Username, Email, Bio, hash, cancellationToken)
                 ?? await conversations.EnsureUserAsync(Username, Email, Bio, hash, cancellationToken);
        if (id is { } created)
        {
            Volatile.Write(ref _botId, created);
        }
        return id;
    }
}
