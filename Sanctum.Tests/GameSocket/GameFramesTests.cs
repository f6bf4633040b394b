using System.Text;
using Sanctum.Api.Features.Games;

namespace Sanctum.Tests.GameSocket;

/// <summary>The game socket's frame parser (contract 12.4), without the app: what is a request, what is ignored, what
/// gets "Invalid move format", and the chat payload's name.</summary>
public sealed class GameFramesTests
{
    [Theory]
    [InlineData("""{"type":"join_room"}""", "join_room")]
    [InlineData("""{"type":"join_room","room_id":"x","user_id":7,"payload":5}""", "join_room")]
    [InlineData("""{"type":"make_move","payload":{"column":3}}""", "make_move")]
    [InlineData("""{"type":"make_move","payload":{"x":1,"y":2}}""", "make_move")]
    [InlineData("""{"type":"chat","payload":{"text":"hi"}}""", "chat")]
    [InlineData("""{"type":"chat"}""", "chat")]
    public void Known_frames_are_requests(string frame, string type)
    {
        var (request, error) = GameFrames.Parse(Encoding.UTF8.GetBytes(frame));
        Assert.Null(error);
        Assert.Equal(type, request?.Type);
    }

    [Theory]
    [InlineData("""{"type":"dance"}""")]
    [InlineData("""{"payload":{"column":1}}""")]
    [InlineData("""{}""")]
    public void Unknown_or_missing_types_are_ignored(string frame)
    {
        var (request, error) = GameFrames.Parse(Encoding.UTF8.GetBytes(frame));
        Assert.Null(request);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[1]")]
    [InlineData("\"make_move\"")]
    [InlineData("""{"type":5}""")]
    [InlineData("""{"type":"make_move"}""")]
    [InlineData("""{"type":"make_move","payload":null}""")]
    [InlineData("""{"type":"make_move","payload":3}""")]
    [InlineData("""{"type":"make_move","payload":[3]}""")]
    [InlineData("""{"type":"make_move","payload":{"column":1}""")]
    public void Malformed_frames_are_an_invalid_move_format(string frame)
    {
        var (request, error) = GameFrames.Parse(Encoding.UTF8.GetBytes(frame));
        Assert.Null(request);
        Assert.Equal("Invalid move format", error);
    }

    [Fact]
    public void A_chat_object_speaks_under_the_senders_name()
    {
        using var document = JsonDocument.Parse("""{"text":"hi","username":"someone_else","n":[1,2]}""");
        var payload = GameFrames.ChatPayload(document.RootElement, "me");
        Assert.Equal("""{"text":"hi","n":[1,2],"username":"me"}""", payload?.GetRawText());
    }

    [Fact]
    public void A_chat_payload_that_is_not_an_object_is_echoed_as_sent()
    {
        using var document = JsonDocument.Parse("\"hello\"");
        Assert.Equal("\"hello\"", GameFrames.ChatPayload(document.RootElement, "me")?.GetRawText());
        Assert.Null(GameFrames.ChatPayload(null, "me"));
    }
}
