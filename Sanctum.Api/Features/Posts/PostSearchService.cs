using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Posts;

/// <summary>
/// <c>GET /api/posts/search</c>: which posts match (<see cref="SearchCache"/>, else the walk of the newest posts or the
/// index search) and then the posts themselves, through <see cref="FeedCache"/>'s details as the caller sees them.
/// </summary>
public sealed class PostSearchService(PostQueryStore queries, FeedCache cache, SearchCache searchCache, SearchWindowMemo searchMemo,
    IndexSearchGate gate, PostViewers viewers)
{
    public const int DefaultSearchLimit = 10;

    /// <summary>Full-text plus literal substring search; LIKE wildcards in the text match themselves. The page's ids
    /// come from <see cref="SearchCache"/> when it has them for the current version, and its posts through the detail
    /// cache.</summary>
    /// <remarks>The query has passed <see cref="SearchQueryValidator"/>: <c>q</c> is not blank.</remarks>
    public async Task<IReadOnlyList<PostDto>> SearchAsync(SearchQuery query, Caller? viewer, CancellationToken cancellationToken)
    {
        var text = query.Q!.Trim();
        var limit = Paging.Limit(query.Limit, DefaultSearchLimit);
        var offset = Paging.Offset(query.Offset);
        var (ids, version) = await searchCache.GetAsync(text, limit, offset);
        if (ids is not null && await PostsByIdAsync(ids, viewer, cancellationToken) is { } page)
        {
            return page;
        }
        var rows = await FindMatchesAsync(text, limit, offset, viewer, cancellationToken);
        if (version is { } current)
        {
            await searchCache.SetAsync(text, limit, offset, current, rows.Select(row => row.Id));
        }
        return rows.ToDtos(viewer);
    }

    private async Task<IReadOnlyList<PostRow>> FindMatchesAsync(string text, int limit, int offset, Caller? viewer, CancellationToken cancellationToken)
    {
        var pattern = "%" + SqlLike.Escape(text) + "%";
        // Common words fill the page from a walk of the newest posts (cost ~ matches needed / frequency); a page the
        // walk cannot fill comes from the index search over every post (cost ~ matches), which rare words need, behind
        // IndexSearchGate. The walk's page is used only when full, so either way the page is exact.
        if (searchMemo.WindowMayFill(text, offset + limit))
        {
            var recent = await queries.SearchRecentAsync(text, pattern, limit, offset, viewer?.UserId, cancellationToken);
            if (recent.Count == limit)
            {
                return recent;
            }
            searchMemo.WindowCameUpShort(text, offset + recent.Count); // exact unless the page was empty: then at most
        }
        return await gate.RunAsync(() => queries.SearchAsync(text, pattern, limit, offset, viewer?.UserId, cancellationToken), cancellationToken);
    }

    /// <summary>The posts <paramref name="ids"/> in that order as the viewer sees them, from the detail cache where it
    /// has them (filling it with the rest); null when one of them is no longer live.</summary>
    private async Task<IReadOnlyList<PostDto>?> PostsByIdAsync(long[] ids, Caller? viewer, CancellationToken cancellationToken)
    {
        if (ids.Length == 0)
        {
            return [];
        }
        if (!PostViewers.UsesSharedCache(viewer))
        {
            var rows = await queries.ByIdsAsync(ids, viewer?.UserId, cancellationToken);
            return rows.Count == ids.Length ? rows.ToDtos(viewer) : null;
        }
        var (cached, version) = await cache.GetPostsAsync(ids);
        var posts = cached ?? new PostDto?[ids.Length];
        var missing = ids.Where((_, index) => posts[index] is null).ToArray();
        if (missing.Length > 0)
        {
            var read = (await queries.ByIdsAsync(missing, viewerId: null, cancellationToken)).ToDictionary(row => row.Id, row => row.ToAnonymousDto());
            if (read.Count != missing.Length)
            {
                return null;
            }
            for (var index = 0; index < ids.Length; index++)
            {
                posts[index] ??= read[ids[index]];
            }
            if (version is { } current)
            {
                await Task.WhenAll(read.Values.Select(post => cache.SetPostAsync(post, current)));
            }
        }
        return await viewers.OverlayAsync(posts!, viewer, cancellationToken);
    }
}
