using FluentValidation;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Posts;

/// <summary>Column limits of the posts and poll tables; every text is checked against them before the insert.</summary>
public static class PostLimits
{
    public const int Title = 255;
    public const int Content = 50_000;
    public const int ImageUrl = 255;
    public const int LinkUrl = 2048;
    public const int YoutubeUrl = 512;
    public const int PollOption = 500;
    public const int MinPollOptions = 2;
    public const int MaxPollOptions = 20;
    public const int SearchQuery = 200;

    /// <summary>Bound only so that it cannot grow a cache key or a log line; a non-numeric value is ignored (contract 4).</summary>
    public const int SanctumIdText = 64;

    public static IReadOnlyList<string> TrimmedOptions(IReadOnlyList<string?>? options) =>
        (options ?? []).Select(option => option?.Trim() ?? "").Where(option => option.Length > 0).ToList();
}

/// <summary>Contract 4's checks in its order; the first failure is the reported <c>error</c>.</summary>
public sealed class CreatePostRequestValidator : AbstractValidator<CreatePostRequest>
{
    public CreatePostRequestValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(request => request.PostType)
            .Must(type => string.IsNullOrEmpty(type) || PostTypes.All.Contains(type)).WithMessage("Invalid post_type");
        RuleFor(request => request.Title)
            .Must(title => !string.IsNullOrWhiteSpace(title)).WithMessage("Title is required")
            .ValidText(PostLimits.Title, "Title");
        RuleFor(request => request.Content)
            .ValidText(PostLimits.Content, "Content", multiline: true);
        RuleFor(request => request.Content)
            .Must(content => !string.IsNullOrWhiteSpace(content)).WithMessage("Content is required")
            .When(request => TypeOf(request) == PostTypes.Text);

        RuleFor(request => request.ImageUrl)
            .Must(url => !string.IsNullOrWhiteSpace(url)).WithMessage("image_url is required for media posts")
            .When(request => TypeOf(request) == PostTypes.Media);
        RuleFor(request => request.ImageUrl).ValidImageUrl();

        RuleFor(request => request.YoutubeUrl)
            .Must(url => !string.IsNullOrWhiteSpace(url)).WithMessage("youtube_url is required for video posts")
            .When(request => TypeOf(request) == PostTypes.Video);
        RuleFor(request => request.YoutubeUrl).ValidYoutubeUrl();

        RuleFor(request => request.LinkUrl)
            .Must(url => !string.IsNullOrWhiteSpace(url)).WithMessage("link_url is required for link posts")
            .When(request => TypeOf(request) == PostTypes.Link);
        RuleFor(request => request.LinkUrl).ValidLinkUrl();

        When(request => TypeOf(request) == PostTypes.Poll, () =>
        {
            RuleFor(request => request.Poll)
                .Must(poll => !string.IsNullOrWhiteSpace(poll?.Question)).WithMessage("Poll question is required")
                .Must(poll => TextRules.IsClean(poll!.Question, multiline: true)).WithMessage(TextRules.InvalidCharactersMessage("Poll question"))
                .Must(poll => poll!.Question!.Length <= PostLimits.Content).WithMessage($"Poll question too long (max {PostLimits.Content} characters)")
                .Must(poll => poll!.Options?.Count >= PostLimits.MinPollOptions).WithMessage("Poll must have at least two options")
                .Must(poll => poll!.Options!.Count <= PostLimits.MaxPollOptions).WithMessage($"Poll cannot have more than {PostLimits.MaxPollOptions} options")
                .Must(poll => poll!.Options!.All(option => TextRules.IsClean(option, multiline: false)))
                .WithMessage(TextRules.InvalidCharactersMessage("Poll option"))
                .Must(poll => PostLimits.TrimmedOptions(poll!.Options).Count >= PostLimits.MinPollOptions).WithMessage("Poll must have at least two non-empty options")
                .Must(poll => PostLimits.TrimmedOptions(poll!.Options).All(option => option.Length <= PostLimits.PollOption))
                .WithMessage($"Poll option too long (max {PostLimits.PollOption} characters)");
        });
    }

    public static string TypeOf(CreatePostRequest request) => string.IsNullOrEmpty(request.PostType) ? PostTypes.Text : request.PostType;
}

/// <summary>Only the given (non-empty) fields are checked: against their columns, and URLs for their form.</summary>
public sealed class UpdatePostRequestValidator : AbstractValidator<UpdatePostRequest>
{
    public UpdatePostRequestValidator()
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(request => request.Title).ValidText(PostLimits.Title, "Title");
        RuleFor(request => request.Content).ValidText(PostLimits.Content, "Content", multiline: true);
        RuleFor(request => request.ImageUrl).ValidImageUrl();
        RuleFor(request => request.YoutubeUrl).ValidYoutubeUrl();
        RuleFor(request => request.LinkUrl).ValidLinkUrl();
    }
}

public sealed class VotePollRequestValidator : AbstractValidator<VotePollRequest>
{
    public VotePollRequestValidator()
    {
        RuleFor(request => request.PollOptionId)
            .Must(id => id is > 0).WithMessage("poll_option_id is required");
    }
}

/// <summary>The URL fields of create and update: checked only when given (empty means "none" or "unchanged").</summary>
internal static class PostUrlRules
{
    public static IRuleBuilderOptions<T, string?> ValidImageUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.ValidText(PostLimits.ImageUrl, "image_url")
            .Must(url => string.IsNullOrEmpty(url) || UrlRules.IsImageUrl(url))
            .WithMessage("image_url must be an http(s) URL or a /media/ or /api/images/ path");

    public static IRuleBuilderOptions<T, string?> ValidYoutubeUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.ValidText(PostLimits.YoutubeUrl, "youtube_url")
            .Must(url => string.IsNullOrEmpty(url) || UrlRules.IsYoutubeUrl(url)).WithMessage("youtube_url must be a valid YouTube URL");

    public static IRuleBuilderOptions<T, string?> ValidLinkUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.ValidText(PostLimits.LinkUrl, "link_url")
            .Must(url => string.IsNullOrEmpty(url) || UrlRules.IsWebUrl(url)).WithMessage("link_url must be a valid URL");
}

/// <summary>Query-string text of the feed: <c>sanctum_id</c> is free text the service parses.</summary>
public sealed class FeedQueryValidator : AbstractValidator<FeedQuery>
{
    public FeedQueryValidator()
    {
        RuleFor(query => query.SanctumId).ValidText(PostLimits.SanctumIdText, "sanctum_id");
        RuleFor(query => query.Cursor)
            .Must(cursor => string.IsNullOrEmpty(cursor) || FeedCursor.TryParse(cursor, out _))
            .WithMessage("Invalid cursor");
        RuleFor(query => query.Offset)
            .Must((query, offset) => query.Cursor is null || offset?.Value is null or 0)
            .WithMessage("offset cannot be combined with cursor");
    }
}

/// <summary><c>q</c> is checked as it is searched: trimmed.</summary>
public sealed class SearchQueryValidator : AbstractValidator<SearchQuery>
{
    public SearchQueryValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(query => query.Q)
            .Must(q => !string.IsNullOrWhiteSpace(q)).WithMessage("Search query is required")
            .Must(q => TextRules.IsClean(q, multiline: false)).WithMessage(TextRules.InvalidCharactersMessage("Search query"))
            .Must(q => q is null || q.Trim().Length <= PostLimits.SearchQuery)
            .WithMessage(TextRules.TooLongMessage("Search query", PostLimits.SearchQuery));
    }
}
