using System.Text.Json;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Features.Conversations;

/// <summary>A message as a client sends it, over REST (<c>POST /api/conversations/:id/messages</c>) or the chat socket.</summary>
public sealed record SendMessageCommand(string? Content, string? MessageType = null, JsonElement? Metadata = null);

/// <summary>
/// The one path of a message into a conversation and of a read receipt, shared by the REST routes and the chat socket
/// (contract 9, 12.3), so both validate, authorize and announce the same way. Rate limits are the caller's: the route's
/// filter, or the socket's own <c>send_chat</c> check.
/// </summary>
public interface IChatMessages
{
    /// <summary>Validates the message, checks participation, blocks (DMs) and mutes (groups), stores it, bumps the
    /// conversation, then raises its events (<c>message</c> to viewers, <c>room_message</c> for groups,
    /// <c>message_received</c> to the other DM participants, mentions). Nothing is stored when it fails.</summary>
    Task<Result<MessageDto>> SendAsync(Caller caller, long conversationId, SendMessageCommand command, CancellationToken cancellationToken);

    /// <summary>Marks everything up to the latest message read for the caller, in any conversation they are in, and
    /// raises <c>message_read</c> to the viewers. (The REST route refuses groups before calling, as the contract says.)</summary>
    Task<Result> MarkReadAsync(Caller caller, long conversationId, CancellationToken cancellationToken);
}
