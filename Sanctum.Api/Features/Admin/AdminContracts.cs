using Sanctum.Api.Features.Users;

namespace Sanctum.Api.Features.Admin;

/// <summary><c>{"message": ..., "user": User}</c> of promote-admin and demote-admin (contract 2).</summary>
public sealed record AdminUserResponse(string Message, UserDto User);
