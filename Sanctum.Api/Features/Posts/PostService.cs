using System.Globalization;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Features.Posts;

/// <summary>
/// Reading, creating, editing and deleting posts. Feed pages and details come from <see cref="FeedCache"/> as the
/// shared view, with the caller's own like and vote overlaid by one small query; every write invalidates the cache
/// after it commits.
/// </summary>
public sealed class PostService(PostStore store, PostQueryStore queries, FeedCache cache, IRealtimeEvents events)
{
    public const int DefaultFeedLimit = 20;
    public const int DefaultSearchLimit = 10;

    public async Task<FeedPage> FeedAsync(FeedQuery query, long? viewerId, CancellationToken cancellationToken)
    {
        var limit = Paging.Limit(query.Limit, DefaultFeedLimit);
        var offset = Paging.Offset(query.Offset);
        long? sanctumId = long.TryParse(query.SanctumId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

        var version = await cache.FeedVersionAsync();
        if (version is { } known && await cache.GetFeedJsonAsync(known, sanctumId, limit, offset) is { } cached)
        {
            return viewerId is null
                ? new FeedPage(cached, null)
                : new FeedPage(null, await OverlayAsync(FeedCache.ReadFeed(cached), viewerId, cancellationToken));
        }
        var rows = sanctumId is { } id
            ? await queries.SanctumFeedAsync(id, limit, offset, viewerId, cancellationToken)
            : await queries.FeedAsync(limit, offset, viewerId, cancellationToken);
        var page = rows.Select(row => row.ToAnonymousDto()).ToList();
        if (version is { } current)
        {
            await cache.SetFeedAsync(current, sanctumId, limit, offset, page);
        }
        return new FeedPage(null, viewerId is null ? page : page.WithViewer(rows.Select(row => row.ToViewerState()).ToList()));
    }

    /// <summary>Full-text plus literal substring search; LIKE wildcards in the text match themselves.</summary>
    public async Task<Result<IReadOnlyList<PostDto>>> SearchAsync(SearchQuery query, long? viewerId, CancellationToken cancellationToken)
    {
        var text = query.Q?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return Error.Validation("Search query is required");
        }
        var pattern = "%" + EscapeLike(text) + "%";
        var limit = Paging.Limit(query.Limit, DefaultSearchLimit);
        var offset = Paging.Offset(query.Offset);
        // Common words fill the page from the newest posts; only a short page needs the search over every post.
        var rows = await queries.SearchRecentAsync(text, pattern, limit, offset, viewerId, cancellationToken);
        if (rows.Count < limit)
        {
            rows = await queries.SearchAsync(text, pattern, limit, offset, viewerId, cancellationToken);
        }
        return ToDtos(rows, viewerId);
    }

    public async Task<IReadOnlyList<PostDto>> ByUserAsync(long userId, PageQuery query, long? viewerId, CancellationToken cancellationToken)
    {
        var rows = await queries.ByUserAsync(userId, Paging.Limit(query.Limit, DefaultFeedLimit), Paging.Offset(query.Offset), viewerId, cancellationToken);
        return ToDtos(rows, viewerId);
    }

    public async Task<Result<PostDto>> GetAsync(long id, long? viewerId, CancellationToken cancellationToken)
    {
        var (cached, version) = await cache.GetPostAsync(id);
        if (cached is not null)
        {
            return (await OverlayAsync([cached], viewerId, cancellationToken))[0];
        }
        var row = await queries.FindAsync(id, viewerId, cancellationToken);
        if (row is null)
        {
            return Error.NotFound("Post", id);
        }
        var post = row.ToAnonymousDto();
        if (version is { } current)
        {
            await cache.SetPostAsync(post, current);
        }
        return post.WithViewer(viewerId is null ? null : row.ToViewerState());
    }

    public async Task<Result<PostDto>> CreateAsync(long userId, CreatePostRequest request, CancellationToken cancellationToken)
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
            userId,
            request.SanctumId,
            isPoll ? request.Poll!.Question : null,
            isPoll ? PostLimits.TrimmedOptions(request.Poll!.Options) : []);
        var inserted = await store.InsertAsync(post, cancellationToken);
        if (inserted.Violation == Violation.MissingReference)
        {
            return Error.NotFound("Sanctum", request.SanctumId!.Value);
        }
        var id = inserted.Value;
        await cache.InvalidateFeedAsync();
        var created = await ReadAsync(id, userId, cancellationToken);
        if (created.Value is { } value)
        {
            await events.PublishAsync(new RealtimeEvent(PostEventTypes.PostCreated,
                new PostCreatedEvent(value.Id, value.UserId, value.CreatedAt), EventAudience.Everyone), cancellationToken);
        }
        return created;
    }

    /// <summary>Author only; empty fields are left unchanged, and only the given columns are written.</summary>
    public async Task<Result<PostDto>> UpdateAsync(long id, long userId, UpdatePostRequest request, CancellationToken cancellationToken)
    {
        var author = await queries.FindAuthorAsync(id, cancellationToken);
        if (author is null)
        {
            return Error.NotFound("Post", id);
        }
        if (author != userId)
        {
            return Error.Forbidden("You can only update your own posts");
        }
        var changes = new UpdatePostRequest(NullIfEmpty(request.Title), NullIfEmpty(request.Content), NullIfEmpty(request.ImageUrl),
            NullIfEmpty(request.LinkUrl), NullIfEmpty(request.YoutubeUrl));
        if (changes != new UpdatePostRequest(null, null, null, null, null))
        {
            if (!await store.UpdateAsync(id, userId, changes, cancellationToken))
            {
                return Error.NotFound("Post", id);
            }
            await cache.InvalidatePostAsync(id);
        }
        return await ReadAsync(id, userId, cancellationToken);
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
        await cache.InvalidatePostAsync(id);
        return Result.Ok;
    }

    /// <summary>For other post writers (reactions, comments): the post and every feed page changed.</summary>
    public Task PostChangedAsync(long id) => cache.InvalidatePostAsync(id);

    /// <summary>The post as it is in the database now, with the viewer's state (never from the cache).</summary>
    public async Task<Result<PostDto>> ReadAsync(long id, long? viewerId, CancellationToken cancellationToken)
    {
        var row = await queries.FindAsync(id, viewerId, cancellationToken);
        return row is null ? Error.NotFound("Post", id) : row.ToAnonymousDto().WithViewer(viewerId is null ? null : row.ToViewerState());
    }

    public static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);

    private async Task<IReadOnlyList<PostDto>> OverlayAsync(IReadOnlyList<PostDto> posts, long? viewerId, CancellationToken cancellationToken)
    {
        if (viewerId is not { } viewer || posts.Count == 0)
        {
            return posts;
        }
        var states = await queries.ViewerStatesAsync(posts.Select(post => post.Id).ToArray(), viewer, cancellationToken);
        return posts.WithViewer(states);
    }

    private static List<PostDto> ToDtos(IReadOnlyList<PostRow> rows, long? viewerId) =>
        rows.Select(row => row.ToAnonymousDto().WithViewer(viewerId is null ? null : row.ToViewerState())).ToList();

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
