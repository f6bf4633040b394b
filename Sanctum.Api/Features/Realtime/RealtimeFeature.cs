namespace Sanctum.Api.Features.Realtime;

public static class RealtimeFeature
{
    public static WebApplicationBuilder AddRealtimeFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TicketService>();
        return builder;
    }
}
