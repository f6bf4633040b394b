using System.Diagnostics;
using Microsoft.Extensions.Options;
using Sanctum.Api.Infrastructure.Auth;

namespace Sanctum.Tests.Auth;

/// <summary>The bound on concurrent bcrypt work (issue 14, login_storm): never more than the configured number at once,
/// the rest wait (cancellable with their request) instead of failing, and a cancelled wait keeps no slot.</summary>
public sealed class PasswordHashingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static PasswordHashing Limiter(int max) => new(Options.Create(new PasswordHashingOptions { MaxConcurrentHashes = max }));

    [Fact]
    public async Task Concurrent_work_never_exceeds_the_bound()
    {
        const int bound = 2;
        using var hashing = Limiter(bound);
        var inside = 0;
        var most = 0;

        // Each caller has its own thread (the thread pool of a 2-core machine would itself keep them to two at a time),
        // and each piece of work stays inside until one more than the bound has come in or 300 ms have passed: without
        // the limiter all eight are inside together, with it exactly `bound` are.
        var work = Enumerable.Range(0, 8).Select(_ =>
        {
            var done = new TaskCompletionSource<bool>();
            new Thread(() => done.SetResult(hashing.RunAsync(() =>
            {
                InterlockedMax(ref most, Interlocked.Increment(ref inside));
                var clock = Stopwatch.StartNew();
                while (Volatile.Read(ref inside) <= bound && clock.Elapsed < TimeSpan.FromMilliseconds(300))
                {
                    Thread.Sleep(1);
                }
                InterlockedMax(ref most, Volatile.Read(ref inside));
                Interlocked.Decrement(ref inside);
                return true;
            }, CancellationToken.None).GetAwaiter().GetResult())) { IsBackground = true }.Start();
            return done.Task;
        }).ToArray();

        Assert.All(await Task.WhenAll(work).WaitAsync(Patience * 3), Assert.True);
        Assert.Equal(bound, most);
    }

    [Fact]
    public async Task Logins_beyond_the_bound_wait_and_all_succeed()
    {
        using var hashing = Limiter(1);
        var hash = Passwords.Hash("Right-Password-1!");

        var verifies = Enumerable.Range(0, 4).Select(_ => hashing.VerifyAsync("Right-Password-1!", hash, CancellationToken.None)).ToArray();

        Assert.All(await Task.WhenAll(verifies).WaitAsync(Patience), Assert.True);
        Assert.False(await hashing.VerifyAsync("Wrong-Password-1!", hash, CancellationToken.None).WaitAsync(Patience));
        Assert.True(Passwords.Verify("Some-Password-1!", await hashing.HashAsync("Some-Password-1!", CancellationToken.None).WaitAsync(Patience)));
    }

    [Fact]
    public async Task A_cancelled_wait_gives_up_without_keeping_a_slot()
    {
        using var hashing = Limiter(1);
        using var release = new ManualResetEventSlim();
        using var entered = new ManualResetEventSlim();
        var holder = Task.Run(() => hashing.RunAsync(() =>
        {
            entered.Set();
            return release.Wait(Patience);
        }, CancellationToken.None));
        Assert.True(entered.Wait(Patience));

        using var gone = new CancellationTokenSource();
        var waiting = hashing.VerifyAsync("Right-Password-1!", null, gone.Token);
        Assert.False(waiting.IsCompleted);
        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));

        release.Set();
        Assert.True(await holder.WaitAsync(Patience));
        Assert.Equal(42, await hashing.RunAsync(() => 42, CancellationToken.None).WaitAsync(Patience));
    }

    [Fact]
    public void The_default_bound_leaves_a_core_to_everything_else()
    {
        Assert.Equal(Math.Max(1, Environment.ProcessorCount - 1), new PasswordHashingOptions().EffectiveMaxConcurrentHashes);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount - 1), new PasswordHashing(Options.Create(new PasswordHashingOptions())).MaxConcurrent);
        Assert.Equal(3, Limiter(3).MaxConcurrent);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
