using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Api.Features.Chat;

public static class ChatFeature
{
    public static WebApplicationBuilder AddChatFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ISocketProtocol, ChatSocket>();
        return builder;
    }
}
