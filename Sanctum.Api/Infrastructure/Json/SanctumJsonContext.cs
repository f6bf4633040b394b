using System.Text.Json.Serialization;
using Sanctum.Api.Features.Admin;
using Sanctum.Api.Features.Auth;
using Sanctum.Api.Features.Chat;
using Sanctum.Api.Features.Chatrooms;
using Sanctum.Api.Features.Conversations;
using Sanctum.Api.Features.Reactions;
using Sanctum.Api.Features.Comments;
using Sanctum.Api.Features.Friends;
using Sanctum.Api.Features.Notifications;
using Sanctum.Api.Features.Posts;
using Sanctum.Api.Features.Realtime;
using Sanctum.Api.Features.Reports;
using Sanctum.Api.Features.Sanctums;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Health;
using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Api.Infrastructure.Json;

/// <summary>Source-generated serializers for the wire types. Add every new request and response type here.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
[JsonSerializable(typeof(LiveResponse))]
[JsonSerializable(typeof(ReadyResponse))]
[JsonSerializable(typeof(SignupRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(LogoutRequest))]
[JsonSerializable(typeof(AuthResponse))]
[JsonSerializable(typeof(TokenPair))]
[JsonSerializable(typeof(MessageResponse))]
[JsonSerializable(typeof(Sanctum.Api.Features.Conversations.CreateConversationRequest))]
[JsonSerializable(typeof(Sanctum.Api.Features.Conversations.AddParticipantRequest))]
[JsonSerializable(typeof(Sanctum.Api.Features.Conversations.SendMessageCommand))]
[JsonSerializable(typeof(Sanctum.Api.Features.Conversations.ConversationDto))]
[JsonSerializable(typeof(IReadOnlyList<Sanctum.Api.Features.Conversations.ConversationDto>))]
[JsonSerializable(typeof(Sanctum.Api.Features.Conversations.MessageDto))]
[JsonSerializable(typeof(IReadOnlyList<Sanctum.Api.Features.Conversations.MessageDto>))]
[JsonSerializable(typeof(IReadOnlyList<Sanctum.Api.Features.Conversations.MessageMentionDto>))]
[JsonSerializable(typeof(Sanctum.Api.Features.Conversations.MessageReceivedEvent))]
[JsonSerializable(typeof(Sanctum.Api.Features.Conversations.ChatMentionNotification))]
[JsonSerializable(typeof(Sanctum.Api.Features.Conversations.ChatMentionEvent))]
[JsonSerializable(typeof(Sanctum.Api.Features.Conversations.MessageReadEvent))]
[JsonSerializable(typeof(Sanctum.Api.Features.Conversations.MessageDeletedEvent))]
[JsonSerializable(typeof(TicketResponse))]
[JsonSerializable(typeof(UserDto))]
[JsonSerializable(typeof(IReadOnlyList<UserDto>))]
[JsonSerializable(typeof(UpdateProfileRequest))]
[JsonSerializable(typeof(AdminUserResponse))]
[JsonSerializable(typeof(IReadOnlyList<ModerationReportDto>))]
[JsonSerializable(typeof(IReadOnlyList<AdminBanRequestDto>))]
[JsonSerializable(typeof(AdminUserDetailResponse))]
[JsonSerializable(typeof(FeatureFlagsResponse))]
[JsonSerializable(typeof(ResolveReportRequest))]
[JsonSerializable(typeof(BanUserRequest))]
[JsonSerializable(typeof(SanctumDto))]
[JsonSerializable(typeof(IReadOnlyList<SanctumDto>))]
[JsonSerializable(typeof(SanctumMembershipDto))]
[JsonSerializable(typeof(IReadOnlyList<SanctumMembershipDto>))]
[JsonSerializable(typeof(IReadOnlyList<global::Sanctum.Api.Features.Blocks.UserBlockDto>))]
[JsonSerializable(typeof(SanctumAdminDto))]
[JsonSerializable(typeof(IReadOnlyList<SanctumAdminDto>))]
[JsonSerializable(typeof(SanctumRequestDto))]
[JsonSerializable(typeof(IReadOnlyList<SanctumRequestDto>))]
[JsonSerializable(typeof(CreateSanctumRequestRequest))]
[JsonSerializable(typeof(BulkMembershipsRequest))]
[JsonSerializable(typeof(ReviewSanctumRequestRequest))]
[JsonSerializable(typeof(ApproveSanctumRequestResponse))]
[JsonSerializable(typeof(SanctumRequestCreatedEvent))]
[JsonSerializable(typeof(SanctumRequestReviewedEvent))]
[JsonSerializable(typeof(PostDto))]
[JsonSerializable(typeof(IReadOnlyList<PostDto>))]
[JsonSerializable(typeof(PollDto))]
[JsonSerializable(typeof(PollOptionDto))]
[JsonSerializable(typeof(CreatePostRequest))]
[JsonSerializable(typeof(CreatePollRequest))]
[JsonSerializable(typeof(UpdatePostRequest))]
[JsonSerializable(typeof(VotePollRequest))]
[JsonSerializable(typeof(PostCreatedEvent))]
[JsonSerializable(typeof(PostReactionUpdatedEvent))]
[JsonSerializable(typeof(CommentDto))]
[JsonSerializable(typeof(IReadOnlyList<CommentDto>))]
[JsonSerializable(typeof(CreateCommentRequest))]
[JsonSerializable(typeof(UpdateCommentRequest))]
[JsonSerializable(typeof(CommentChangedEvent))]
[JsonSerializable(typeof(CommentDeletedEvent))]
[JsonSerializable(typeof(ReportRequest))]
[JsonSerializable(typeof(ModerationReportDto))]
[JsonSerializable(typeof(ModerationReportCreatedEvent))]
[JsonSerializable(typeof(MessagesDroppedPayload))]
[JsonSerializable(typeof(SocketRefusedFrame))]
[JsonSerializable(typeof(SocketErrorPayload))]
[JsonSerializable(typeof(UserStatusPayload))]
[JsonSerializable(typeof(FriendsOnlineSnapshot))]
[JsonSerializable(typeof(FriendPresenceChanged))]
[JsonSerializable(typeof(FriendshipDto))]
[JsonSerializable(typeof(IReadOnlyList<FriendshipDto>))]
[JsonSerializable(typeof(FriendshipStatusDto))]
[JsonSerializable(typeof(FriendRequestReceivedEvent))]
[JsonSerializable(typeof(FriendRequestSentEvent))]
[JsonSerializable(typeof(FriendAcceptedEvent))]
[JsonSerializable(typeof(FriendRequestClosedEvent))]
[JsonSerializable(typeof(FriendRemovedEvent))]
[JsonSerializable(typeof(IReadOnlyList<ConversationDto>))]
[JsonSerializable(typeof(ChatroomPresencePayload))]
[JsonSerializable(typeof(IReadOnlyList<ChatroomMuteDto>))]
[JsonSerializable(typeof(MuteRequest))]
[JsonSerializable(typeof(ChatroomModeratorDto))]
[JsonSerializable(typeof(IReadOnlyList<ChatroomModeratorDto>))]
[JsonSerializable(typeof(AddReactionRequest))]
[JsonSerializable(typeof(MessageReactionsDto))]
[JsonSerializable(typeof(ChatConnectedPayload))]
[JsonSerializable(typeof(ConnectedUsersPayload))]
[JsonSerializable(typeof(ChatClientFrame))]
[JsonSerializable(typeof(TypingPayload))]
[JsonSerializable(typeof(JoinedPayload))]
[JsonSerializable(typeof(Sanctum.Api.Features.Games.GameClientFrame))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
internal sealed partial class SanctumJsonContext : JsonSerializerContext;
