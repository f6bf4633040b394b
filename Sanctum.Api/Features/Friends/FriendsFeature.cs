namespace Sanctum.Api.Features.Friends;

public static class FriendsFeature
{
    public static WebApplicationBuilder AddFriendsFeature(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FriendStore>();
        builder.Services.AddSingleton<FriendService>();
        return builder;
    }
}
