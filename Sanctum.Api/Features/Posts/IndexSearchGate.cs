using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Sanctum.Api.Features.Posts;

/// <summary>Section <c>Search</c>: how many index searches one replica runs at once.</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    public const int DefaultMaxConcurrentIndexSearches = 2;

    [Range(1, 1024)]
    public int MaxConcurrentIndexSearches { get; set; } = DefaultMaxConcurrentIndexSearches;
}

/// <summary>
/// The bound on <see cref="PostQueryStore.SearchAsync"/>, the search over every post. Its cost grows with the word's
/// matches, not with the page: about 100 ms of PostgreSQL for a word in 3 % of a million posts, seconds for one in
/// 30 %. The walk of the newest posts spares most searches from it, but not a word that is common in old posts and
/// absent from new ones; unbounded, 64 such searches at once took every core of the database and every other request
/// waited behind them (bench <c>mixed</c>: p99 9.5 s). Beyond the bound a search waits its turn asynchronously,
/// cancelled with its request, and only searches wait.
/// </summary>
public sealed class IndexSearchGate(IOptions<SearchOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentIndexSearches, options.Value.MaxConcurrentIndexSearches);

    public async Task<T> RunAsync<T>(Func<Task<T>> search, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await search();
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
