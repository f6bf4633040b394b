namespace Sanctum.Api.Infrastructure.RateLimiting;

public enum RateLimitKey
{
    /// <summary>The client IP (public routes), see <see cref="ClientAddress.Key"/>.</summary>
    Ip,

    /// <summary>The authenticated user's id.</summary>
    User,

    /// <summary>An account's lower-cased email, hashed (see <see cref="LoginAttemptLimiter"/>).</summary>
    Email,
}

/// <summary>A fixed-window limit of contract 16.3. <paramref name="FailOpen"/> decides what happens when Redis is down:
/// let the request through (true) or answer 503 (false).</summary>
public sealed record RateLimitPolicy(string Name, int Limit, TimeSpan Window, RateLimitKey KeyBy, bool FailOpen);

/// <summary>The contract's policies. <c>RateLimits:Policies:&lt;name&gt;:Limit</c> and <c>:WindowSeconds</c> override them.</summary>
public static class RateLimitPolicies
{
    public static readonly RateLimitPolicy Signup = new("signup", 3, TimeSpan.FromMinutes(10), RateLimitKey.Ip, FailOpen: false);
    public static readonly RateLimitPolicy Login = new("login", 10, TimeSpan.FromMinutes(5), RateLimitKey.Ip, FailOpen: false);
    public static readonly RateLimitPolicy Search = new("search", 10, TimeSpan.FromMinutes(1), RateLimitKey.Ip, FailOpen: true);
    public static readonly RateLimitPolicy CreatePost = new("create_post", 10, TimeSpan.FromMinutes(5), RateLimitKey.User, FailOpen: true);
    public static readonly RateLimitPolicy CreateComment = new("create_comment", 1, TimeSpan.FromMinutes(1), RateLimitKey.User, FailOpen: true);
    public static readonly RateLimitPolicy FriendRequest = new("friend_request", 5, TimeSpan.FromMinutes(5), RateLimitKey.User, FailOpen: true);
    /// <summary>Messages over REST and over the chat socket share one counter. Fail-open on both paths (the original
    /// blocked socket sends when Redis failed; a chat that stops with Redis is worse than an unlimited minute).</summary>
    public static readonly RateLimitPolicy SendChat = new("send_chat", 15, TimeSpan.FromMinutes(1), RateLimitKey.User, FailOpen: true);
    /// <summary>Chat socket typing frames; over the limit they are dropped silently.</summary>
    public static readonly RateLimitPolicy Typing = new("typing", 10, TimeSpan.FromSeconds(10), RateLimitKey.User, FailOpen: true);
    public static readonly RateLimitPolicy Report = new("report", 5, TimeSpan.FromMinutes(10), RateLimitKey.User, FailOpen: false);
    public static readonly RateLimitPolicy AdminRead = new("admin_read", 30, TimeSpan.FromMinutes(1), RateLimitKey.User, FailOpen: false);
    public static readonly RateLimitPolicy AdminWrite = new("admin_write", 10, TimeSpan.FromMinutes(5), RateLimitKey.User, FailOpen: false);

    /// <summary>Beyond the contract: failed logins per account, whatever the client address, so spreading a password
    /// guess over many addresses does not escape the per-IP <see cref="Login"/> limit. Fail-closed like it.</summary>
    public static readonly RateLimitPolicy LoginAccount = new("login_account", 10, TimeSpan.FromMinutes(15), RateLimitKey.Email, FailOpen: false);

    public static readonly IReadOnlyList<RateLimitPolicy> All =
        [Signup, Login, Search, CreatePost, CreateComment, FriendRequest, SendChat, Typing, Report, AdminRead, AdminWrite, LoginAccount];
}
