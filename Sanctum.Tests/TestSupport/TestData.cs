namespace Sanctum.Tests.TestSupport;

/// <summary>Unique values per test, so tests share one app without resetting it.</summary>
public static class TestData
{
    private static int _counter = Random.Shared.Next(1, 1 << 20);
    private static readonly string RunId = Guid.NewGuid().ToString("N")[..6];

    public const string Password = "Sanctum-Test-Pass1!";

    /// <summary>A username of at most 30 characters, unique in this run and across runs on the same database.</summary>
    public static string Username(string prefix = "u")
    {
        var id = Interlocked.Increment(ref _counter);
        return $"{prefix}{RunId}{id:x}";
    }

    /// <summary>A client address from the IPv6 documentation prefix, each in its own /64: per-IP limits key IPv6
    /// clients by their /64, so this gives each client its own rate-limit buckets.</summary>
    public static string NextClientIp()
    {
        var id = Interlocked.Increment(ref _counter);
        return $"2001:db8:{(id >> 16) & 0xffff:x}:{id & 0xffff:x}::1";
    }

    /// <summary>A sanctum slug (3–24 lowercase characters) unique in this run.</summary>
    public static string Slug(string prefix = "t") => $"{prefix}{RunId}{Interlocked.Increment(ref _counter):x}";
}
