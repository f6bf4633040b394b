using Sanctum.Api.Features.Comments;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;

namespace Sanctum.Tests.Unit;

public sealed class UserPrivacyRuleTests
{
    private static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static UserRow BannedRow(long id) =>
        new(id, "banned", "banned@example.com", "bio", "/media/a.png", false, true, Now, "spam", 1, Now, Now);

    public static TheoryData<string, bool> Viewers => new()
    {
        { "anonymous", false },
        { "another user", false },
        { "the user", true },
        { "an admin", true },
    };

    private static Caller? Viewer(string name) => name switch
    {
        "anonymous" => null,
        "another user" => new Caller(8, IsAdmin: false),
        "the user" => new Caller(7, IsAdmin: false),
        "an admin" => new Caller(9, IsAdmin: true),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Viewers))]
    public void Private_fields_are_shown_only_to_the_user_and_to_admins(string viewer, bool full)
    {
        var user = BannedRow(7).ToDto(Viewer(viewer));

        Assert.Equal(full ? "banned@example.com" : "", user.Email);
        Assert.Equal(full, user.IsBanned);
        Assert.Equal(full ? Now : null, user.BannedAt);
        Assert.Equal(full ? "spam" : null, user.BannedReason);
        Assert.Equal(full ? 1 : null, user.BannedByUserId);
        Assert.Equal(("banned", "bio", "/media/a.png"), (user.Username, user.Bio, user.Avatar));
    }

    [Fact]
    public void Comment_event_to_everyone_carries_the_public_form()
    {
        var row = new CommentRow { Id = 3, Content = "hi", UserId = 7, PostId = 5, CreatedAt = Now, UpdatedAt = Now, Author = BannedRow(7) };

        var payload = CommentChangedEvent.For(row, 4, Now);

        Assert.Equal((5L, 4L), (payload.PostId, payload.CommentsCount));
        Assert.Equal(7, payload.Comment.User.Id);
        Assert.Equal("", payload.Comment.User.Email);
        Assert.False(payload.Comment.User.IsBanned);
        Assert.Null(payload.Comment.User.BannedAt);
        Assert.Null(payload.Comment.User.BannedReason);
        Assert.Null(payload.Comment.User.BannedByUserId);
    }
}
