using Sanctum.Api.Features.Posts;
using Sanctum.Api.Features.Users;
using Sanctum.Tests.Infrastructure.Dependencies;

namespace Sanctum.Tests.Unit;

/// <summary>
/// The per-replica layer in front of the Redis feed pages: one fill per page and version however many requests want
/// it at once, a new version never served the old page, and nothing kept that should not be (failures, empty pages,
/// expired slots). Coherence across replicas is tested at the wire in <c>SharedStateAcrossReplicasTests</c>.
/// </summary>
public sealed class LocalFeedPagesTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly UserDto User = new(7, "author", "", "", "", false, false, null, null, null, Now, Now);

    private static SharedFeedPage Page(params long[] ids) =>
        SharedFeedPage.FromPosts([.. ids.Select(id => new PostDto(id, "Title", "Content", "", "text", null, null, User.Id, User, null, null, 0, 0, false, null, null, Now, Now))], 20, 0);

    [Fact]
    public async Task Concurrent_requests_for_one_page_and_version_share_one_fill()
    {
        var pages = new LocalFeedPages(new ManualClock());
        var release = new TaskCompletionSource<SharedFeedPage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fills = 0;
        Task<SharedFeedPage> Fill()
        {
            Interlocked.Increment(ref fills);
            return release.Task;
        }

        var waiting = Enumerable.Range(0, 16).Select(_ => pages.GetOrFillAsync(3, null, 20, 0, Fill, CancellationToken.None)).ToList();
        release.SetResult(Page(1, 2));
        var served = await Task.WhenAll(waiting).WaitAsync(Wait);

        Assert.Equal(1, fills);
        Assert.All(served, page => Assert.Same(served[0], page));
        Assert.Same(served[0], await pages.GetOrFillAsync(3, null, 20, 0, () => throw new InvalidOperationException("a hit fills nothing"), CancellationToken.None));
    }

    [Fact]
    public async Task A_new_version_or_another_page_is_filled_anew_and_an_expired_slot_too()
    {
        var clock = new ManualClock();
        var pages = new LocalFeedPages(clock);
        var first = await pages.GetOrFillAsync(3, null, 20, 0, () => Task.FromResult(Page(1)), CancellationToken.None);

        var newer = await pages.GetOrFillAsync(4, null, 20, 0, () => Task.FromResult(Page(2, 1)), CancellationToken.None);
        var otherSanctum = await pages.GetOrFillAsync(4, 9, 20, 0, () => Task.FromResult(Page(5)), CancellationToken.None);
        var otherOffset = await pages.GetOrFillAsync(4, null, 20, 20, () => Task.FromResult(Page(6)), CancellationToken.None);

        Assert.Equal([1], first.Posts.Select(post => post.Id));
        Assert.Equal([2, 1], newer.Posts.Select(post => post.Id));
        Assert.Equal([5], otherSanctum.Posts.Select(post => post.Id));
        Assert.Equal([6], otherOffset.Posts.Select(post => post.Id));
        Assert.Same(newer, await pages.GetOrFillAsync(4, null, 20, 0, () => Task.FromResult(Page(0)), CancellationToken.None));

        clock.Now += LocalFeedPages.Lifetime;
        var refilled = await pages.GetOrFillAsync(4, null, 20, 0, () => Task.FromResult(Page(3, 2, 1)), CancellationToken.None);
        Assert.Equal([3, 2, 1], refilled.Posts.Select(post => post.Id));
    }

    [Fact]
    public async Task A_failed_fill_reaches_everyone_waiting_on_it_and_is_not_kept()
    {
        var pages = new LocalFeedPages(new ManualClock());
        var release = new TaskCompletionSource<SharedFeedPage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = Enumerable.Range(0, 4).Select(_ => pages.GetOrFillAsync(3, null, 20, 0, () => release.Task, CancellationToken.None)).ToList();

        release.SetException(new TimeoutException("the database did not answer"));

        foreach (var request in waiting)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => request.WaitAsync(Wait));
        }
        var retried = await pages.GetOrFillAsync(3, null, 20, 0, () => Task.FromResult(Page(1)), CancellationToken.None);
        Assert.Equal([1], retried.Posts.Select(post => post.Id));
    }

    [Fact]
    public async Task An_empty_page_is_served_but_not_kept()
    {
        var pages = new LocalFeedPages(new ManualClock());
        var empty = await pages.GetOrFillAsync(3, 424242, 20, 0, () => Task.FromResult(Page()), CancellationToken.None);

        Assert.Equal("[]", empty.Json);
        Assert.False(empty.Cacheable);
        var next = await pages.GetOrFillAsync(3, 424242, 20, 0, () => Task.FromResult(Page(8)), CancellationToken.None);
        Assert.Equal([8], next.Posts.Select(post => post.Id));
    }

    [Fact]
    public async Task A_caller_that_gives_up_stops_waiting_without_cancelling_the_fill_for_the_others()
    {
        var pages = new LocalFeedPages(new ManualClock());
        var release = new TaskCompletionSource<SharedFeedPage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var givesUp = new CancellationTokenSource();
        var owner = pages.GetOrFillAsync(3, null, 20, 0, () => release.Task, givesUp.Token);
        var other = pages.GetOrFillAsync(3, null, 20, 0, () => throw new InvalidOperationException("one fill only"), CancellationToken.None);

        await givesUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => owner.WaitAsync(Wait));
        release.SetResult(Page(4));

        Assert.Equal([4], (await other.WaitAsync(Wait)).Posts.Select(post => post.Id));
    }

    [Fact]
    public void The_shared_text_is_the_anonymous_response_body_and_parses_back_to_the_same_posts()
    {
        var page = Page(2, 1);
        var stored = SharedFeedPage.FromCache(page.Json);

        Assert.Equal(page.Json, FeedCache.WriteFeed(stored.Posts));
        Assert.StartsWith("[{\"id\":2,", page.Json, StringComparison.Ordinal);
    }
}
