using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Api.Features.Notifications;

public static class NotificationsFeature
{
    public static WebApplicationBuilder AddNotificationsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IFriendGraph, Friends.FriendGraph>();
        builder.Services.AddSingleton<ISocketProtocol, NotificationsSocket>();
        builder.Services.AddSingleton<IPresenceObserver, FriendPresence>();
        return builder;
    }
}
