using Microsoft.Extensions.Options;
using Sanctum.Api.Features.Posts;

namespace Sanctum.Tests.Unit;

/// <summary>The bound on index searches over every post: no more than the configured number run at once, the rest wait
/// (cancellable with their request), and neither a failed search nor a cancelled wait keeps a slot.</summary>
public sealed class IndexSearchGateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static IndexSearchGate Gate(int max) => new(Options.Create(new SearchOptions { MaxConcurrentIndexSearches = max }));

    [Fact]
    public async Task Searches_beyond_the_bound_wait_until_a_slot_frees()
    {
        using var gate = Gate(2);
        var finish = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        Task<int> Search() => gate.RunAsync(() =>
        {
            Interlocked.Increment(ref started);
            return finish.Task;
        }, CancellationToken.None);

        var searches = Enumerable.Range(0, 5).Select(_ => Search()).ToArray();

        Assert.Equal(2, Volatile.Read(ref started));
        Assert.All(searches, search => Assert.False(search.IsCompleted));
        finish.SetResult(7);
        Assert.All(await Task.WhenAll(searches).WaitAsync(Patience), result => Assert.Equal(7, result));
        Assert.Equal(5, started);
    }

    [Fact]
    public async Task A_failed_search_and_a_cancelled_wait_give_their_slots_back()
    {
        using var gate = Gate(1);
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => gate.RunAsync<int>(() => throw new InvalidOperationException("db down"), CancellationToken.None).WaitAsync(Patience));

        var hold = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = gate.RunAsync(() => hold.Task, CancellationToken.None);
        using var gone = new CancellationTokenSource();
        var waiting = gate.RunAsync(() => Task.FromResult(1), gone.Token);
        Assert.False(waiting.IsCompleted);
        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));

        hold.SetResult(2);
        Assert.Equal(2, await holder.WaitAsync(Patience));
        Assert.Equal(3, await gate.RunAsync(() => Task.FromResult(3), CancellationToken.None).WaitAsync(Patience));
    }
}
