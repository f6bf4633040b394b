using Dapper;
using Npgsql;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Sanctums;

/// <summary>
/// Ensures the built-in sanctums of contract 17 at every start, in one round trip: each exists by slug, active,
/// with its name and description reset and no creator, and has exactly one default group room (<c>created_by = 0</c>).
/// Idempotent and safe when several replicas start at once; a deleted built-in reappears.
/// </summary>
internal sealed class BuiltInSanctums(NpgsqlDataSource db, SanctumCache cache, ILogger<BuiltInSanctums> logger) : IStartupTask
{
    public static readonly IReadOnlyList<(string Name, string Slug, string Description)> All =
    [
        ("Atrium", "atrium", "General community discussions."),
        ("General", "general", "Anything and everything, off topic included."),
        ("Herald Announcements", "herald", "Official news and announcements about Sanctum."),
        ("Support", "support", "Questions, help and bug reports."),
        ("Movies", "movies", "Films, trailers, reviews and recommendations."),
        ("Television", "television", "Series, episodes and what to watch next."),
        ("Books", "books", "Reading lists, reviews and book talk."),
        ("Music", "music", "Albums, artists, gigs and playlists."),
        ("Anime", "anime", "Anime and manga discussion."),
        ("Gaming", "gaming", "Video games on every platform."),
        ("Pcgaming", "pcgaming", "PC games, builds and settings."),
        ("Development", "development", "Programming, tools and software craft."),
        ("Hardware", "hardware", "Components, gadgets and builds."),
        ("Linux", "linux", "Distros, desktops and the command line."),
        ("Ai", "ai", "Artificial intelligence and machine learning."),
        ("Fitness", "fitness", "Training, running and healthy habits."),
        ("Food", "food", "Recipes, cooking and eating out."),
    ];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO sanctums (name, slug, description, created_by_user_id, status)
            SELECT name, slug, description, NULL, 'active' FROM unnest(@names, @slugs, @descriptions) AS b(name, slug, description)
            ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, status = 'active', updated_at = NOW()
                WHERE (sanctums.name, sanctums.description, sanctums.status) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description, 'active');
            INSERT INTO conversations (name, is_group, created_by, sanctum_id)
            SELECT s.name, TRUE, 0, s.id FROM sanctums s WHERE s.slug = ANY(@slugs)
            ON CONFLICT (sanctum_id) WHERE sanctum_id IS NOT NULL DO NOTHING;
            """;
        var parameters = new
        {
            names = All.Select(b => b.Name).ToArray(),
            slugs = All.Select(b => b.Slug).ToArray(),
            descriptions = All.Select(b => b.Description).ToArray(),
        };
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        await cache.InvalidateAsync(parameters.slugs); // best-effort (SanctumCache): startup must not fail while Redis is down
        logger.LogInformation("Built-in sanctums ensured ({Count})", All.Count);
    }
}
