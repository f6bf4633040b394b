using Microsoft.AspNetCore.Mvc;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Posts;

public static class PostTypes
{
    public const string Text = "text";
    public const string Media = "media";
    public const string Video = "video";
    public const string Link = "link";
    public const string Poll = "poll";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Text, Media, Video, Link, Poll };
}

/// <summary>The Post object of contract 0.6. <c>link_url</c>, <c>youtube_url</c>, <c>sanctum_id</c> and <c>poll</c>
/// are left out when empty; <c>image_variants</c> (<c>"&lt;px&gt;_&lt;fmt&gt;"</c> → <c>/media/i/&lt;hash&gt;/&lt;px&gt;.&lt;fmt&gt;</c>,
/// <c>{}</c> until the worker has written them) and <c>image_crop_mode</c> only when the post has an uploaded image.</summary>
public sealed record PostDto(
    long Id,
    string Title,
    string Content,
    string ImageUrl,
    string PostType,
    string? LinkUrl,
    string? YoutubeUrl,
    long UserId,
    UserDto User,
    long? SanctumId,
    PollDto? Poll,
    long LikesCount,
    long CommentsCount,
    bool Liked,
    IReadOnlyDictionary<string, string>? ImageVariants,
    string? ImageCropMode,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary><c>user_vote_option_id</c> is the caller's choice, left out for anonymous callers and non-voters.</summary>
public sealed record PollDto(
    long Id,
    long PostId,
    string Question,
    IReadOnlyList<PollOptionDto> Options,
    long? UserVoteOptionId,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary><c>votes_count</c> is left out when 0, as in the original.</summary>
public sealed record PollOptionDto(long Id, long PollId, string OptionText, int DisplayOrder, long? VotesCount);

/// <summary><c>POST /api/posts</c>.</summary>
public sealed record CreatePostRequest(
    string? Title,
    string? Content,
    string? ImageUrl,
    string? PostType,
    string? LinkUrl,
    string? YoutubeUrl,
    long? SanctumId,
    CreatePollRequest? Poll);

public sealed record CreatePollRequest(string? Question, IReadOnlyList<string?>? Options);

/// <summary><c>PUT /api/posts/:id</c>: empty or missing fields are left as they are.</summary>
public sealed record UpdatePostRequest(string? Title, string? Content, string? ImageUrl, string? LinkUrl, string? YoutubeUrl);

public sealed record VotePollRequest(long? PollOptionId);

/// <summary><c>GET /api/posts</c>. <c>sanctum_id</c> is bound as text: a non-numeric value is ignored (contract 4).
/// <c>cursor</c> (beyond the contract, which stays as it is without it) asks for the keyset page after a
/// <see cref="FeedCursor"/>: an empty value starts at the newest post, and the response's <c>X-Next-Cursor</c> header
/// carries the cursor of the following page (absent once the page is shorter than the limit).</summary>
public sealed record FeedQuery(
    QueryInt? Limit = null,
    QueryInt? Offset = null,
    [FromQuery(Name = "sanctum_id")] string? SanctumId = null,
    string? Cursor = null);

public sealed record SearchQuery(string? Q, QueryInt? Limit = null, QueryInt? Offset = null);

public sealed record PageQuery(QueryInt? Limit = null, QueryInt? Offset = null);

/// <summary>A feed page: for an anonymous caller on a cache hit, the cached JSON text, sent as it is (the benchmark
/// measured about twice the requests/s of deserializing and serializing it again); otherwise the posts.</summary>
/// <c>NextCursor</c> is set on keyset pages (<see cref="FeedQuery.Cursor"/>) that are full.
public sealed record FeedPage(string? CachedJson, IReadOnlyList<PostDto>? Posts, string? NextCursor = null);

/// <summary>The caller's own state on a post: overlaid on the shared (anonymous) view.</summary>
public sealed record ViewerState(long PostId, bool Liked, long? UserVoteOptionId);

/// <summary>A post as the create service hands it to the store: trimmed poll options, question as content.</summary>
public sealed record NewPost(
    string Title,
    string Content,
    string ImageUrl,
    string PostType,
    string LinkUrl,
    string YoutubeUrl,
    long UserId,
    long? SanctumId,
    string? PollQuestion,
    IReadOnlyList<string> PollOptions);

/// <summary>The outcome of a vote statement.</summary>
public enum VoteOutcome
{
    PostNotFound = 0,
    NotAPoll = 1,
    InvalidOption = 2,
    Voted = 3,
}
