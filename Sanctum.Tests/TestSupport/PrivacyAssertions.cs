using Npgsql;

namespace Sanctum.Tests.TestSupport;

/// <summary>Contract project decision 7 at the wire: a User object shows <c>email</c> and the ban fields only to that
/// user and to admins; everyone else gets the same shape with <c>email</c> "" and the ban fields at their zero values.</summary>
public static class PrivacyAssertions
{
    public const string BanReason = "privacy test ban";

    /// <summary>The members of an unbanned user, which is also the public form of any user.</summary>
    private static readonly string[] PublicMembers =
        ["id", "username", "email", "bio", "avatar", "is_admin", "is_banned", "created_at", "updated_at"];

    /// <summary>Bans the user directly in the database (ban routes belong to another slice).</summary>
    public static Task BanAsync(this SanctumAppFixture app, TestUser user) =>
        app.UpdateUserStatusAsync(user.Id, "UPDATE users SET is_banned = TRUE, banned_reason = @reason, banned_at = NOW() WHERE id = @id",
            new NpgsqlParameter("reason", BanReason), new NpgsqlParameter("id", user.Id));

    /// <summary>What everyone but the user and admins sees.</summary>
    public static void AssertPublicForm(this JsonElement user, TestUser expected)
    {
        Assert.Equal(expected.Id, user.GetProperty("id").GetInt64());
        Assert.Equal(expected.Username, user.GetProperty("username").GetString());
        Assert.Equal(PublicMembers.Order(), user.EnumerateObject().Select(member => member.Name).Order());
        Assert.Equal("", user.GetProperty("email").GetString());
        Assert.False(user.GetProperty("is_banned").GetBoolean());
    }

    /// <summary>What the user themselves and admins see: the email and, for a banned user, the ban fields.</summary>
    public static void AssertFullForm(this JsonElement user, TestUser expected, bool banned)
    {
        Assert.Equal(expected.Id, user.GetProperty("id").GetInt64());
        Assert.Equal(expected.Username, user.GetProperty("username").GetString());
        Assert.Equal(expected.Email, user.GetProperty("email").GetString());
        Assert.Equal(banned, user.GetProperty("is_banned").GetBoolean());
        if (banned)
        {
            Assert.Equal(BanReason, user.GetProperty("banned_reason").GetString());
            Assert.True(DateTimeOffset.TryParse(user.GetProperty("banned_at").GetString(), out _));
        }
        else
        {
            Assert.Equal(PublicMembers.Order(), user.EnumerateObject().Select(member => member.Name).Order());
        }
    }

    /// <summary>The full form for <paramref name="viewer"/> == the user or an admin, else the public form.</summary>
    public static void AssertFormFor(this JsonElement user, TestUser expected, bool banned, bool full)
    {
        if (full)
        {
            user.AssertFullForm(expected, banned);
        }
        else
        {
            user.AssertPublicForm(expected);
        }
    }
}
