using Microsoft.Extensions.Logging;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Tests.Infrastructure.Dependencies;

public sealed class DependencyFailureLogTests
{
    private readonly ManualClock _clock = new();
    private readonly ListLogger<DependencyFailureLog> _logger = new();

    private readonly DependencyFailureLog _log;

    public DependencyFailureLogTests() => _log = new DependencyFailureLog(_clock, _logger);

    private DependencyFailureLog Log => _log;

    [Fact]
    public void First_failure_of_a_burst_is_logged_with_its_exception_and_the_rest_only_counted()
    {
        var first = new TimeoutException("first");

        var logged = Enumerable.Range(0, 50).Select(i => Log.Report(LogLevel.Error, "Redis", "request answered 503", "GET /api/x", i == 0 ? first : new TimeoutException())).ToList();

        Assert.Equal([true, .. Enumerable.Repeat(false, 49)], logged);
        var entry = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Same(first, entry.Exception);
    }

    [Fact]
    public void Next_failure_after_the_window_is_logged_with_the_count_of_the_previous_burst()
    {
        for (var i = 0; i < 4; i++)
        {
            Log.Report(LogLevel.Warning, "Redis", "cache read treated as a miss", "user", new TimeoutException());
        }
        _clock.Now += DependencyFailureLog.Window;

        Assert.True(Log.Report(LogLevel.Warning, "Redis", "cache read treated as a miss", "user", new TimeoutException()));

        Assert.Equal(2, _logger.Entries.Count);
        Assert.Contains("3 more such failures", _logger.Entries[1].Message);
    }

    [Fact]
    public void Each_dependency_and_action_has_its_own_burst()
    {
        Assert.True(Log.Report(LogLevel.Error, "Redis", "request answered 503", "a", new TimeoutException()));
        Assert.True(Log.Report(LogLevel.Error, "PostgreSQL", "request answered 503", "a", new TimeoutException()));
        Assert.True(Log.Report(LogLevel.Warning, "Redis", "cache fill skipped", "a", new TimeoutException()));
        Assert.False(Log.Report(LogLevel.Error, "Redis", "request answered 503", "b", new TimeoutException()));
    }
}
