namespace Sanctum.Api.Features.Auth;

public static class AuthFeature
{
    public static WebApplicationBuilder AddAuthFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuthService>();
        return builder;
    }
}
