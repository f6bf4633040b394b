using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Api.Features.Games;

public static class GamesFeature
{
    public static WebApplicationBuilder AddGamesFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ISocketProtocol, GameSocket>();
        return builder;
    }
}
