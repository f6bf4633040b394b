namespace Sanctum.Api.Features.Blocks;

public static class BlocksFeature
{
    public static WebApplicationBuilder AddBlocksFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BlockStore>();
        builder.Services.AddSingleton<BlockService>();
        builder.Services.AddSingleton<UserReportService>();
        return builder;
    }
}
