namespace Sanctum.Api.Features.Chatrooms;

public static class ChatroomsFeature
{
    public static WebApplicationBuilder AddChatroomsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChatroomStore>();
        builder.Services.AddSingleton<ChatroomModerationStore>();
        builder.Services.AddSingleton<ChatroomCapabilities>();
        builder.Services.AddSingleton<ChatroomService>();
        builder.Services.AddSingleton<ChatroomModerationService>();
        return builder;
    }
}
