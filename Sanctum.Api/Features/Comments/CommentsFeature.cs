namespace Sanctum.Api.Features.Comments;

public static class CommentsFeature
{
    public static WebApplicationBuilder AddCommentsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CommentStore>();
        builder.Services.AddSingleton<CommentService>();
        return builder;
    }
}
