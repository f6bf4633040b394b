using FluentValidation;

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

    public static bool IsYoutubeUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Host.Contains("youtube.com", StringComparison.OrdinalIgnoreCase) || uri.Host.Contains("youtu.be", StringComparison.OrdinalIgnoreCase));

    /// <summary>Go's <c>url.ParseRequestURI</c>: an absolute URL or an absolute path.</summary>
    public static bool IsRequestUri(string? value) =>
        !string.IsNullOrEmpty(value)
        && (value.StartsWith('/') ? Uri.TryCreate(value, UriKind.Relative, out _) : Uri.TryCreate(value, UriKind.Absolute, out _));

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
            .MaximumLength(PostLimits.Title).WithMessage($"Title too long (max {PostLimits.Title} characters)");
        RuleFor(request => request.Content)
            .MaximumLength(PostLimits.Content).WithMessage($"Content too long (max {PostLimits.Content} characters)");
        RuleFor(request => request.Content)
            .Must(content => !string.IsNullOrWhiteSpace(content)).WithMessage("Content is required")
            .When(request => TypeOf(request) == PostTypes.Text);

        RuleFor(request => request.ImageUrl)
            .Must(url => !string.IsNullOrWhiteSpace(url)).WithMessage("image_url is required for media posts")
            .When(request => TypeOf(request) == PostTypes.Media);
        RuleFor(request => request.ImageUrl)
            .MaximumLength(PostLimits.ImageUrl).WithMessage($"image_url too long (max {PostLimits.ImageUrl} characters)");

        RuleFor(request => request.YoutubeUrl)
            .Must(url => !string.IsNullOrWhiteSpace(url)).WithMessage("youtube_url is required for video posts")
            .Must(PostLimits.IsYoutubeUrl).WithMessage("youtube_url must be a valid YouTube URL")
            .When(request => TypeOf(request) == PostTypes.Video);
        RuleFor(request => request.YoutubeUrl)
            .MaximumLength(PostLimits.YoutubeUrl).WithMessage($"youtube_url too long (max {PostLimits.YoutubeUrl} characters)");

        RuleFor(request => request.LinkUrl)
            .Must(url => !string.IsNullOrWhiteSpace(url)).WithMessage("link_url is required for link posts")
            .Must(PostLimits.IsRequestUri).WithMessage("link_url must be a valid URL")
            .When(request => TypeOf(request) == PostTypes.Link);
        RuleFor(request => request.LinkUrl)
            .MaximumLength(PostLimits.LinkUrl).WithMessage($"link_url too long (max {PostLimits.LinkUrl} characters)");

        When(request => TypeOf(request) == PostTypes.Poll, () =>
        {
            RuleFor(request => request.Poll)
                .Must(poll => !string.IsNullOrWhiteSpace(poll?.Question)).WithMessage("Poll question is required")
                .Must(poll => poll!.Question!.Length <= PostLimits.Content).WithMessage($"Poll question too long (max {PostLimits.Content} characters)")
                .Must(poll => poll!.Options?.Count >= PostLimits.MinPollOptions).WithMessage("Poll must have at least two options")
                .Must(poll => poll!.Options!.Count <= PostLimits.MaxPollOptions).WithMessage($"Poll cannot have more than {PostLimits.MaxPollOptions} options")
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

        RuleFor(request => request.Title)
            .MaximumLength(PostLimits.Title).WithMessage($"Title too long (max {PostLimits.Title} characters)");
        RuleFor(request => request.Content)
            .MaximumLength(PostLimits.Content).WithMessage($"Content too long (max {PostLimits.Content} characters)");
        RuleFor(request => request.ImageUrl)
            .MaximumLength(PostLimits.ImageUrl).WithMessage($"image_url too long (max {PostLimits.ImageUrl} characters)");
        RuleFor(request => request.YoutubeUrl)
            .MaximumLength(PostLimits.YoutubeUrl).WithMessage($"youtube_url too long (max {PostLimits.YoutubeUrl} characters)")
            .Must(PostLimits.IsYoutubeUrl).WithMessage("youtube_url must be a valid YouTube URL")
            .When(request => !string.IsNullOrEmpty(request.YoutubeUrl));
        RuleFor(request => request.LinkUrl)
            .MaximumLength(PostLimits.LinkUrl).WithMessage($"link_url too long (max {PostLimits.LinkUrl} characters)")
            .Must(PostLimits.IsRequestUri).WithMessage("link_url must be a valid URL")
            .When(request => !string.IsNullOrEmpty(request.LinkUrl));
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
