using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;

namespace Sanctum.Api.Features.Posts;

/// <summary>
/// Turns the shared view of posts (what <see cref="FeedCache"/> holds: no personal state, authors in their public
/// form) into what one caller may see, without giving up the cache for authenticated callers.
/// </summary>
public sealed class PostViewers(PostQueryStore queries, UserService users)
{
    /// <summary>Admins see every author's private fields, which the shared cache never holds: they skip it.</summary>
    public static bool UsesSharedCache(Caller? viewer) => viewer is not { IsAdmin: true };

    /// <summary>A non-admin caller's view of shared posts: their own like and vote and, on their own posts, their
    /// full user object (read only when the page holds one of their posts, through <see cref="UserCache"/>: the most
    /// active authors are on most first pages, and each of their feed reads paid a second query for it).</summary>
    public async Task<IReadOnlyList<PostDto>> OverlayAsync(IReadOnlyList<PostDto> posts, Caller? viewer, CancellationToken cancellationToken)
    {
        if (viewer is null || posts.Count == 0)
        {
            return posts;
        }
        var states = await queries.ViewerStatesAsync(posts.Select(post => post.Id).ToArray(), viewer.UserId, cancellationToken);
        var overlaid = posts.WithViewer(states);
        if (!overlaid.Any(post => post.UserId == viewer.UserId)
            || (await users.GetCachedAsync(viewer.UserId, viewer, cancellationToken)).Value is not { } self)
        {
            return overlaid;
        }
        return overlaid.Select(post => post.UserId == viewer.UserId ? post with { User = self } : post).ToList();
    }
}
