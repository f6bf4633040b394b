namespace Sanctum.Api.Features.Conversations;

public static class ConversationsFeature
{
    public static WebApplicationBuilder AddConversationsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ConversationAccess>();
        return builder;
    }
}
