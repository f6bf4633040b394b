using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Infrastructure.Realtime;

/// <summary>The sockets of contract 12 and the event bus behind <see cref="IRealtimeEvents"/>.</summary>
public static class RealtimeSetup
{
    public static IServiceCollection AddSanctumRealtime(this IServiceCollection services)
    {
        services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RealtimeMetrics>();
        services.AddSingleton<SocketRegistry>();
        services.AddSingleton<ConversationViewers>();
        services.AddSingleton<LocalDelivery>();
        services.AddSingleton<RealtimeBus>();
        services.AddSingleton<IRealtimeEvents>(provider => provider.GetRequiredService<RealtimeBus>());
        services.AddHostedService(provider => provider.GetRequiredService<RealtimeBus>());
        services.AddSingleton<Presence>();
        services.AddHostedService(provider => provider.GetRequiredService<Presence>());
        services.AddSingleton<SocketHost>();
        return services;
    }

    /// <summary>GET <c>/api/ws</c>, <c>/api/ws/chat</c>, <c>/api/ws/game?room_id=</c>: active users only, through a ticket
    /// (or a Bearer header); each stays open for the life of its socket.</summary>
    public static IEndpointRouteBuilder MapRealtimeSockets(this IEndpointRouteBuilder app)
    {
        // Sockets would otherwise hold the shutdown until its timeout; clients reconnect to another replica.
        app.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping
            .Register(app.ServiceProvider.GetRequiredService<SocketRegistry>().CloseAll);

        var group = app.MapGroup("/api/ws").WithTags("Realtime").RequireAuthorization();
        group.MapGet("", OpenNotificationsSocket).WithName(nameof(OpenNotificationsSocket)).WithSummary("Notifications socket (contract 12.2)");
        group.MapGet("/chat", OpenChatSocket).WithName(nameof(OpenChatSocket)).WithSummary("Chat socket (contract 12.3)");
        group.MapGet("/game", OpenGameSocket).WithName(nameof(OpenGameSocket)).WithSummary("Game socket (contract 12.4)");
        return app;
    }

    public static Task OpenNotificationsSocket(HttpContext context, SocketHost host) => host.RunAsync(context, SocketKind.Notifications);

    public static Task OpenChatSocket(HttpContext context, SocketHost host) => host.RunAsync(context, SocketKind.Chat);

    public static Task OpenGameSocket(HttpContext context, SocketHost host) => host.RunAsync(context, SocketKind.Game);
}
