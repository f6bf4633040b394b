using System.Globalization;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Features.Posts;

/// <summary>
/// Reading, creating, editing and deleting posts. Feed pages and details come from <see cref="FeedCache"/> as the
/// shared view (authors in their public form) and are turned into the caller's view by <see cref="PostViewers"/>;
/// admins read the database instead. Every write invalidates the cache after it commits.
/// </summary>
public sealed class PostService(PostStore store, PostQueryStore queries, FeedCache cache, LocalFeedPages localPages, PostViewers viewers, SearchCache searchCache, IRealtimeEvents events)
{
    public const int DefaultFeedLimit = 20;

    public async Task<FeedPage> FeedAsync(FeedQuery query, Caller? viewer, CancellationToken cancellationToken)
    {
        var limit = Paging.Limit(query.Limit, DefaultFeedLimit);
        var offset = Paging.Offset(query.Offset);
        long? sanctumId = long.TryParse(query.SanctumId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        if (query.Cursor is not null)
        {
            return await KeysetPageAsync(query.Cursor, sanctumId, limit, viewer, cancellationToken);
        }

        var version = PostViewers.UsesSharedCache(viewer) && FeedCache.IsCacheable(limit, offset, count: 1)
            ? await cache.FeedVersionAsync()
            : null;
        if (version is { } known)
        {
            var shared = await localPages.GetOrFillAsync(known, sanctumId, limit, offset,
                () => SharedFeedPageAsync(known, sanctumId, limit, offset), cancellationToken);
            return viewer is null
                ? new FeedPage(shared.Json, null)
                : new FeedPage(null, await viewers.OverlayAsync(shared.Posts, viewer, cancellationToken));
        }
        var rows = await queries.FeedAsync(sanctumId, limit, offset, viewer?.UserId, cancellationToken);
        return new FeedPage(null, rows.ToDtos(viewer));
    }

    /// <summary>The shared view of a page of <paramref name="version"/> from Redis, else from PostgreSQL (then stored
    /// under that version). Not cancelled with one request: <see cref="LocalFeedPages"/> shares it with every request
    /// that wants this page; the statement timeout bounds it.</summary>
    private async Task<SharedFeedPage> SharedFeedPageAsync(long version, long? sanctumId, int limit, int offset)
    {
        if (await cache.GetFeedJsonAsync(version, sanctumId, limit, offset) is { } cached)
        {
            return SharedFeedPage.FromCache(cached);
        }
        var rows = await queries.FeedAsync(sanctumId, limit, offset, viewerId: null, CancellationToken.None);
        var page = SharedFeedPage.FromPosts(rows.Select(row => row.ToAnonymousDto()).ToList(), limit, offset);
        await cache.SetFeedAsync(version, sanctumId, limit, offset, page);
        return page;
    }

    /// <summary>
    /// A keyset page: the posts after <paramref name="cursor"/> (an empty cursor starts at the newest), read from
    /// PostgreSQL by an index range scan and never cached (FeedCache stores only offset pages of a bounded shape; a
    /// cursor is any position). The next cursor is the last post's, when the page is full.
    /// </summary>
    /// <remarks>The cursor has passed <see cref="FeedQueryValidator"/>, so a non-empty one parses.</remarks>
    private async Task<FeedPage> KeysetPageAsync(string cursor, long? sanctumId, int limit, Caller? viewer, CancellationToken cancellationToken)
    {
        var after = cursor.Length == 0 ? FeedCursor.Start
            : FeedCursor.TryParse(cursor, out var parsed) ? parsed
            : throw new InvalidOperationException("A feed cursor passed FeedQueryValidator but does not parse.");
        var rows = await queries.FeedAfterAsync(sanctumId, after, limit, viewer?.UserId, cancellationToken);
        var posts = rows.ToDtos(viewer);
        var next = posts.Count == limit ? FeedCursor.After(posts[^1]).Encode() : null;
        return new FeedPage(null, posts, next);
    }

    public async Task<IReadOnlyList<PostDto>> ByUserAsync(long userId, PageQuery query, Caller? viewer, CancellationToken cancellationToken)
    {
        var rows = await queries.ByUserAsync(userId, Paging.Limit(query.Limit, DefaultFeedLimit), Paging.Offset(query.Offset), viewer?.UserId, cancellationToken);
        return rows.ToDtos(viewer);
    }

    public async Task<Result<PostDto>> GetAsync(long id, Caller? viewer, CancellationToken cancellationToken)
    {
        var (cached, version) = PostViewers.UsesSharedCache(viewer) ? await cache.GetPostAsync(id) : (null, null);
        if (cached is not null)
        {
            return (await viewers.OverlayAsync([cached], viewer, cancellationToken))[0];
        }
        var row = await queries.FindAsync(id, viewer?.UserId, cancellationToken);
        if (row is null)
        {
            return Error.NotFound("Post", id);
        }
        if (version is { } current)
        {
            await cache.SetPostAsync(row.ToAnonymousDto(), current);
        }
        return row.ToDto(viewer);
    }

    public async Task<Result<PostDto>> CreateAsync(Caller caller, CreatePostRequest request, CancellationToken cancellationToken)
    {
        var type = CreatePostRequestValidator.TypeOf(request);
        var isPoll = type == PostTypes.Poll;
        var post = new NewPost(
            request.Title ?? "",
            isPoll ? request.Poll!.Question! : request.Content ?? "",
            request.ImageUrl ?? "",
            type,
            request.LinkUrl ?? "",
            request.YoutubeUrl ?? "",
            caller.UserId,
            request.SanctumId,
            isPoll ? request.Poll!.Question : null,
            isPoll ? PostLimits.TrimmedOptions(request.Poll!.Options) : []);
        var inserted = await store.InsertAsync(post, cancellationToken);
        if (inserted.Violation == Violation.MissingReference)
        {
            return Error.NotFound("Sanctum", request.SanctumId!.Value);
        }
        var id = inserted.Value;
        await Task.WhenAll(cache.InvalidateFeedAsync(), searchCache.InvalidateAsync());
        var created = await ReadAsync(id, caller, cancellationToken);
        if (created.Value is { } value)
        {
            await events.PublishAsync(new RealtimeEvent(PostEventTypes.PostCreated,
                new PostCreatedEvent(value.Id, value.UserId, value.CreatedAt), EventAudience.Everyone), cancellationToken);
        }
        return created;
    }

    /// <summary>Author only; empty fields are left unchanged, and only the given columns are written.</summary>
    public async Task<Result<PostDto>> UpdateAsync(long id, Caller caller, UpdatePostRequest request, CancellationToken cancellationToken)
    {
        var author = await queries.FindAuthorAsync(id, cancellationToken);
        if (author is null)
        {
            return Error.NotFound("Post", id);
        }
        if (author != caller.UserId)
        {
            return Error.Forbidden("You can only update your own posts");
        }
        var changes = new UpdatePostRequest(NullIfEmpty(request.Title), NullIfEmpty(request.Content), NullIfEmpty(request.ImageUrl),
            NullIfEmpty(request.LinkUrl), NullIfEmpty(request.YoutubeUrl));
        if (changes != new UpdatePostRequest(null, null, null, null, null))
        {
            if (!await store.UpdateAsync(id, caller.UserId, changes, cancellationToken))
            {
                return Error.NotFound("Post", id);
            }
            await Task.WhenAll(cache.InvalidatePostAsync(id), searchCache.InvalidateAsync());
        }
        return await ReadAsync(id, caller, cancellationToken);
    }

    /// <summary>Author or admin; a soft delete.</summary>
    public async Task<Result> DeleteAsync(long id, Caller caller, CancellationToken cancellationToken)
    {
        var author = await queries.FindAuthorAsync(id, cancellationToken);
        if (author is null)
        {
            return Error.NotFound("Post", id);
        }
        if (author != caller.UserId && !caller.IsAdmin)
        {
            return Error.Forbidden("You can only delete your own posts");
        }
        if (!await store.SoftDeleteAsync(id, cancellationToken))
        {
            return Error.NotFound("Post", id);
        }
        await Task.WhenAll(cache.InvalidatePostAsync(id), searchCache.InvalidateAsync());
        return Result.Ok;
    }

    /// <summary>For other post writers (reactions, comments): the post and every feed page changed.</summary>
    public Task PostChangedAsync(long id) => cache.InvalidatePostAsync(id);

    /// <summary>After the image worker has committed an image's variants and status: the cached feed pages and the
    /// details of the live posts that show it are stale.</summary>
    public async Task ImageChangedAsync(string hash, CancellationToken cancellationToken)
    {
        var ids = await queries.IdsByImageAsync(hash, cancellationToken);
        if (ids.Count > 0)
        {
            await cache.InvalidatePostsAsync(ids);
        }
    }

    /// <summary>The post as it is in the database now, as the viewer sees it (never from the cache).</summary>
    public async Task<Result<PostDto>> ReadAsync(long id, Caller? viewer, CancellationToken cancellationToken)
    {
        var row = await queries.FindAsync(id, viewer?.UserId, cancellationToken);
        return row is null ? Error.NotFound("Post", id) : row.ToDto(viewer);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
