namespace Sanctum.Api.Infrastructure.Data;

/// <summary>The limit/offset rules of contract 0.5: a missing or non-positive limit takes the route default, the cap is 100.</summary>
public static class Paging
{
    public const int MaxLimit = 100;

    public static int Limit(int? requested, int defaultLimit, int maxLimit = MaxLimit) =>
        requested is null or <= 0 ? defaultLimit : Math.Min(requested.Value, maxLimit);

    public static int Offset(int? requested) => requested is null or < 0 ? 0 : requested.Value;
}
