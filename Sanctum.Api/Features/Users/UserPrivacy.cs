using Sanctum.Api.Infrastructure.Auth;

namespace Sanctum.Api.Features.Users;

/// <summary>
/// Contract project decision 7, decided here and nowhere else: a user's <c>email</c> and ban fields
/// (<c>is_banned</c>, <c>banned_at</c>, <c>banned_reason</c>, <c>banned_by_user_id</c>) are shown only to that user
/// and to platform admins. Everyone else, anonymous callers included, gets the same shape with <c>email</c> empty
/// and the ban fields at their zero values, exactly as for an unbanned user.
/// </summary>
public static class UserPrivacy
{
    /// <summary>Whether <paramref name="viewer"/> (null: anonymous) may see the private fields of user <paramref name="userId"/>.</summary>
    public static bool SeesPrivateFieldsOf(this Caller? viewer, long userId) =>
        viewer is not null && (viewer.IsAdmin || viewer.UserId == userId);

    /// <summary>The form of <paramref name="user"/> that <paramref name="viewer"/> may see.</summary>
    public static UserDto VisibleTo(this UserDto user, Caller? viewer) =>
        viewer.SeesPrivateFieldsOf(user.Id) ? user : user.PublicForm();

    /// <summary>The form everyone may see; what shared caches and events to everyone carry.</summary>
    public static UserDto PublicForm(this UserDto user) =>
        user with { Email = "", IsBanned = false, BannedAt = null, BannedReason = null, BannedByUserId = null };
}
