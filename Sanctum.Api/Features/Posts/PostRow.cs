using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;

namespace Sanctum.Api.Features.Posts;

/// <summary>
/// One row of the post read query: the post, its live counts, its poll with the options as parallel arrays,
/// the viewer's like and vote, and (mapped separately) the author.
/// </summary>
public sealed class PostRow
{
    public long Id { get; init; }
    public string Title { get; init; } = "";
    public string Content { get; init; } = "";
    public string ImageUrl { get; init; } = "";
    public string PostType { get; init; } = PostTypes.Text;
    public string LinkUrl { get; init; } = "";
    public string YoutubeUrl { get; init; } = "";
    public long UserId { get; init; }
    public long? SanctumId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public long LikesCount { get; init; }
    public long CommentsCount { get; init; }
    public bool Liked { get; init; }
    public long? PollId { get; init; }
    public string? PollQuestion { get; init; }
    public DateTime? PollCreatedAt { get; init; }
    public DateTime? PollUpdatedAt { get; init; }
    public long? UserVoteOptionId { get; init; }
    public long[]? OptionIds { get; init; }
    public string[]? OptionTexts { get; init; }
    public int[]? OptionOrders { get; init; }
    public long[]? OptionVotes { get; init; }
    public string? ImageHash { get; init; }
    /// <summary>The image's crop mode; null when the post has no image_hash or no such image exists.</summary>
    public string? ImageCropMode { get; init; }
    /// <summary>The image's variants as <c>"&lt;px&gt;_&lt;fmt&gt;"</c> keys.</summary>
    public string[]? VariantKeys { get; init; }
    public UserRow? Author { get; set; }

    /// <summary>The shared view of the post, the one <see cref="FeedCache"/> stores: the author's public form,
    /// <c>liked</c> false and no <c>user_vote_option_id</c>.</summary>
    public PostDto ToAnonymousDto() => Build(Author?.ToDto(viewer: null));

    /// <summary>The post as <paramref name="viewer"/> sees it: the author's form for that viewer, and their own like
    /// and vote (the row was read with the viewer's id).</summary>
    public PostDto ToDto(Caller? viewer) =>
        viewer is null ? ToAnonymousDto() : Build(Author?.ToDto(viewer)).WithViewer(ToViewerState());

    public ViewerState ToViewerState() => new(Id, Liked, UserVoteOptionId);

    private PostDto Build(UserDto? author) => new(
        Id, Title, Content, ImageUrl, PostType,
        LinkUrl.Length == 0 ? null : LinkUrl,
        YoutubeUrl.Length == 0 ? null : YoutubeUrl,
        UserId,
        author ?? throw new InvalidOperationException($"Post {Id} was read without its author."),
        SanctumId,
        ToPoll(),
        LikesCount,
        CommentsCount,
        Liked: false,
        ToVariants(),
        ImageHash is null ? null : ImageCropMode,
        CreatedAt,
        UpdatedAt);

    private Dictionary<string, string>? ToVariants()
    {
        if (ImageHash is not { } hash || ImageCropMode is null)
        {
            return null;
        }
        var variants = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in VariantKeys ?? [])
        {
            var separator = key.IndexOf('_', StringComparison.Ordinal);
            variants[key] = $"/media/i/{hash}/{key[..separator]}.{key[(separator + 1)..]}";
        }
        return variants;
    }

    private PollDto? ToPoll()
    {
        if (PollId is not { } pollId)
        {
            return null;
        }
        var ids = OptionIds ?? [];
        var options = new PollOptionDto[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            var votes = OptionVotes![i];
            options[i] = new PollOptionDto(ids[i], pollId, OptionTexts![i], OptionOrders![i], votes == 0 ? null : votes);
        }
        return new PollDto(pollId, Id, PollQuestion ?? "", options, null, PollCreatedAt ?? CreatedAt, PollUpdatedAt ?? UpdatedAt);
    }
}

public static class ViewerOverlay
{
    public static List<PostDto> ToDtos(this IReadOnlyList<PostRow> rows, Caller? viewer) =>
        rows.Select(row => row.ToDto(viewer)).ToList();

    /// <summary>The shared view with the caller's own like and vote applied (not the author's private fields: see
    /// <see cref="PostService"/>).</summary>
    public static PostDto WithViewer(this PostDto post, ViewerState? state) =>
        state is null
            ? post
            : post with
            {
                Liked = state.Liked,
                Poll = post.Poll is null ? null : post.Poll with { UserVoteOptionId = state.UserVoteOptionId },
            };

    public static IReadOnlyList<PostDto> WithViewer(this IReadOnlyList<PostDto> posts, IReadOnlyList<ViewerState> states)
    {
        var byPost = states.ToDictionary(state => state.PostId);
        return posts.Select(post => post.WithViewer(byPost.GetValueOrDefault(post.Id))).ToList();
    }
}
