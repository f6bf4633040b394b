using Sanctum.Api.Features.Admin;
using Sanctum.Api.Features.Auth;
using Sanctum.Api.Features.Blocks;
using Sanctum.Api.Features.Chat;
using Sanctum.Api.Features.Chatrooms;
using Sanctum.Api.Features.Comments;
using Sanctum.Api.Features.Conversations;
using Sanctum.Api.Features.Friends;
using Sanctum.Api.Features.Games;
using Sanctum.Api.Features.Images;
using Sanctum.Api.Features.Notifications;
using Sanctum.Api.Features.Posts;
using Sanctum.Api.Features.Reactions;
using Sanctum.Api.Features.Realtime;
using Sanctum.Api.Features.Reports;
using Sanctum.Api.Features.Sanctums;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure;
using Sanctum.Api.Infrastructure.Health;
using Sanctum.Api.Infrastructure.Metrics;
using Sanctum.Api.Infrastructure.Realtime;

var builder = WebApplication.CreateBuilder(args);

builder.AddSanctumInfrastructure();
builder.AddAuthFeature();
builder.AddUsersFeature();
builder.AddRealtimeFeature();
builder.AddSanctumsFeature();
builder.AddPostsFeature();
builder.AddCommentsFeature();
builder.AddReportsFeature();
builder.AddBlocksFeature();
builder.AddFriendsFeature();
builder.AddNotificationsFeature();
builder.AddConversationsFeature();
builder.AddChatFeature();
builder.AddChatroomsFeature();
builder.AddReactionsFeature();
builder.AddGamesFeature();
builder.AddImagesFeature();
builder.AddAdminConsoleFeature();
builder.AddImageWorker();

var app = builder.Build();

app.UseSanctumPipeline();
app.UseImageFiles();
Sanctum.Api.Infrastructure.Bench.BenchEndpoints.MapBenchEndpoints(app); // GET /bench/plain, only with Bench:PlainEndpoint=true
app.MapHealthApi();
app.MapMetricsApi();
app.MapAuthApi();
app.MapUsersApi();
app.MapBlocksApi();
app.MapTicketApi();
app.MapRealtimeSockets();
app.MapSanctumsApi();
app.MapAdminSanctumsApi();
app.MapAdminUsersApi();
app.MapAdminModerationApi();
app.MapAdminConsoleApi();
app.MapPostsApi();
app.MapCommentsApi();
app.MapFriendsApi();
app.MapGamesApi();
app.MapImagesApi();
app.MapConversationsApi();
app.MapMessagesApi();
app.MapChatroomsApi();
app.MapReactionsApi();
app.MapMessageReportsApi();

app.Run();

public partial class Program;
