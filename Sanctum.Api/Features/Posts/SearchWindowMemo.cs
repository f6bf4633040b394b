using System.Collections.Concurrent;

namespace Sanctum.Api.Features.Posts;

/// <summary>
/// Remembers, per search text, how many matches the newest <see cref="PostQueryStore.RecentSearchWindow"/> posts held
/// when a walk of that window came up short, so the next search that needs more matches than that skips the walk and
/// goes straight to the index search. Without it a rare word (0.01 % of posts) pays a walk of the whole window before
/// every index search; a common word (30 %) never comes up short, and a word in 1 % fills page one from the window but
/// not page ten. The memo only picks the strategy: both give the exact page (see <see cref="PostSearchService.SearchAsync"/>),
/// so a stale count costs time, never correctness. Counts expire after <see cref="Lifetime"/> (new posts move the
/// window), and the memo is emptied when it holds <see cref="Capacity"/> texts, so arbitrary queries cannot grow it.
/// Per replica, in memory: nothing to invalidate.
/// </summary>
public sealed class SearchWindowMemo(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, (int Matches, DateTimeOffset Until)> _shortWindows = new(StringComparer.Ordinal);

    /// <summary>False when the window is known to hold fewer than <paramref name="needed"/> matches of the text.</summary>
    public bool WindowMayFill(string text, int needed) =>
        !_shortWindows.TryGetValue(text, out var entry) || entry.Until <= clock.GetUtcNow() || entry.Matches >= needed;

    /// <summary>A walk of the whole window found only <paramref name="matches"/> matches of the text.</summary>
    public void WindowCameUpShort(string text, int matches)
    {
        if (_shortWindows.Count >= Capacity)
        {
            _shortWindows.Clear();
        }
        _shortWindows[text] = (matches, clock.GetUtcNow() + Lifetime);
    }
}
