using System.Text.Json;

namespace WsFanout;

public enum FrameKind { Other, PostCreated, Snapshot, MessagesDropped, Error, Malformed }

/// <summary>Reads what the tool needs from a notifications frame (contract 12.2) without allocating.</summary>
public static class Frames
{
    /// <summary>The frame's kind from its top-level <c>type</c> (or <c>error</c>, the cap refusal), and
    /// <c>payload.post_id</c> when present; member order does not matter.</summary>
    public static FrameKind Classify(ReadOnlySpan<byte> frame, out long postId)
    {
        postId = 0;
        var kind = FrameKind.Other;
        var reader = new Utf8JsonReader(frame);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                    continue;
                if (reader.CurrentDepth == 1 && reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    kind = reader.TokenType != JsonTokenType.String ? FrameKind.Other
                        : reader.ValueTextEquals("post_created"u8) ? FrameKind.PostCreated
                        : reader.ValueTextEquals("friends_online_snapshot"u8) ? FrameKind.Snapshot
                        : reader.ValueTextEquals("messages_dropped"u8) ? FrameKind.MessagesDropped
                        : FrameKind.Other;
                }
                else if (reader.CurrentDepth == 1 && reader.ValueTextEquals("error"u8))
                {
                    kind = FrameKind.Error;
                }
                else if (reader.CurrentDepth == 2 && reader.ValueTextEquals("post_id"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number)
                        postId = reader.GetInt64();
                }
            }
        }
        catch (JsonException)
        {
            return FrameKind.Malformed;
        }
        return kind;
    }
}
