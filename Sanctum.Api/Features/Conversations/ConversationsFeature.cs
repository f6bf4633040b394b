namespace Sanctum.Api.Features.Conversations;

public static class ConversationsFeature
{
    public static WebApplicationBuilder AddConversationsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ConversationAccess>();
        builder.Services.AddSingleton<ConversationStore>();
        builder.Services.AddSingleton<MessageStore>();
        builder.Services.AddSingleton<ConversationService>();
        builder.Services.AddSingleton<MessageService>();
        builder.Services.AddSingleton<IChatMessages>(services => services.GetRequiredService<MessageService>());
        builder.Services.AddSingleton<WelcomeBot>();
        builder.Services.AddSingleton<ChatroomPresence>();
        return builder;
    }
}
