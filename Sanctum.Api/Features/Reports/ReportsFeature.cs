namespace Sanctum.Api.Features.Reports;

public static class ReportsFeature
{
    public static WebApplicationBuilder AddReportsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReportStore>();
        builder.Services.AddSingleton<ReportService>();
        return builder;
    }
}
