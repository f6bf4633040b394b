using Sanctum.Api.Infrastructure.Data;

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
        // After the development admin's seeding (Users feature), so that user keeps id 1.
        builder.Services.AddSingleton<IStartupTask>(services => services.GetRequiredService<WelcomeBot>());
        builder.Services.AddSingleton<ChatroomPresence>();
        return builder;
    }
}
