using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Api.Features.Games;

public static class GamesFeature
{
    public static WebApplicationBuilder AddGamesFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GameStore>();
        builder.Services.AddSingleton<GameService>();
        builder.Services.AddSingleton<IGameplay>(services => services.GetRequiredService<GameService>());
        builder.Services.AddSingleton<ISocketProtocol, GameSocket>();
        return builder;
    }
}
