namespace Sanctum.Api.Features.Posts;

public static class PostsFeature
{
    public static WebApplicationBuilder AddPostsFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<PostStore>();
        services.AddSingleton<PostQueryStore>();
        services.AddSingleton<FeedCache>();
        services.AddSingleton<LocalFeedPages>();
        services.AddSingleton<PostViewers>();
        services.AddSingleton<SearchWindowMemo>();
        services.AddSingleton<SearchCache>();
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IndexSearchGate>();
        services.AddSingleton<PostService>();
        services.AddSingleton<PostSearchService>();
        services.AddSingleton<PostReactionService>();
        return builder;
    }
}
