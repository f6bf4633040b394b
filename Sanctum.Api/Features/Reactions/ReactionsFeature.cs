namespace Sanctum.Api.Features.Reactions;

public static class ReactionsFeature
{
    public static WebApplicationBuilder AddReactionsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReactionStore>();
        builder.Services.AddSingleton<ReactionService>();
        return builder;
    }
}
