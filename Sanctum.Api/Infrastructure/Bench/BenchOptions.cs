namespace Sanctum.Api.Infrastructure.Bench;

/// <summary>Section <c>Bench</c>; bound and checked at startup, so a malformed switch fails the start instead of
/// silently leaving the endpoint off.</summary>
public sealed class BenchOptions
{
    public const string Section = "Bench";

    /// <summary>Maps <c>GET /bench/plain</c>; off unless set.</summary>
    public bool PlainEndpoint { get; set; }
}
