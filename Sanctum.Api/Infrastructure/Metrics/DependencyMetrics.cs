using System.Diagnostics.Metrics;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Infrastructure.Metrics;

/// <summary>
/// Meter <c>Sanctum.Dependencies</c>: the original's <c>sanctum_database_errors_total{operation}</c> and
/// <c>sanctum_redis_errors_total{operation}</c> (contract 14). Fed by <see cref="DependencyFailureLog"/>, which every
/// dependency failure the app survives goes through (a 503 answered, a cache read treated as a miss, a rate limit
/// failing open, ...), so both count what <see cref="DependencyFailures"/> classifies, each failure once, including the
/// ones the log suppresses. <c>operation</c> is that log's action ("request answered 503", "cache read treated as a
/// miss", ...): a fixed phrase per call site, never a path or a key, so the series stay few.
/// </summary>
public sealed class DependencyMetrics
{
    public const string Name = "Sanctum.Dependencies";

    private readonly Counter<long> _database;
    private readonly Counter<long> _redis;
    private long _databaseTotal;
    private long _redisTotal;

    public DependencyMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _database = meter.CreateCounter<long>("sanctum_database_errors_total", null, "The total number of database errors");
        _redis = meter.CreateCounter<long>("sanctum_redis_errors_total", null, "The total number of redis errors");
    }

    public long DatabaseTotal => Interlocked.Read(ref _databaseTotal);

    public long RedisTotal => Interlocked.Read(ref _redisTotal);

    /// <summary>One failure of <paramref name="dependency"/> (a <see cref="DependencyFailures"/> name) during
    /// <paramref name="operation"/>. A failure that is neither PostgreSQL nor Redis (a bare timeout) is not counted here.</summary>
    public void Failed(string dependency, string operation)
    {
        var tag = new KeyValuePair<string, object?>("operation", operation);
        switch (dependency)
        {
            case DependencyFailures.PostgreSql:
                Interlocked.Increment(ref _databaseTotal);
                _database.Add(1, tag);
                break;
            case DependencyFailures.Redis:
                Interlocked.Increment(ref _redisTotal);
                _redis.Add(1, tag);
                break;
        }
    }
}
