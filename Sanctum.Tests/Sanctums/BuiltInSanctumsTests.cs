using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Sanctum.Api.Features.Sanctums;
using Sanctum.Api.Infrastructure.Caching;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Sanctums;

/// <summary>Runs the startup seeding again against the running app's database, as a restart would.</summary>
[Collection(AppCollection.Name)]
public sealed class BuiltInSanctumsTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Seeding_again_duplicates_nothing_and_keeps_ids_and_rooms()
    {
        var client = app.CreateClient();
        var before = await (await client.GetAsync("/api/sanctums/atrium")).ExpectJsonAsync(HttpStatusCode.OK);

        var seeder = new BuiltInSanctums(app.Database, new SanctumCache(new RedisCache(app.Redis, new DependencyFailureLog(TimeProvider.System, NullLogger<DependencyFailureLog>.Instance))), NullLogger<BuiltInSanctums>.Instance);
        await seeder.RunAsync(CancellationToken.None);
        await seeder.RunAsync(CancellationToken.None);

        var slugs = new NpgsqlParameter("slugs", SanctumSteps.BuiltInSlugs);
        Assert.Equal(17, await app.ScalarAsync<long>("SELECT count(*) FROM sanctums WHERE slug = ANY(@slugs)", slugs));
        Assert.Equal(17, await app.ScalarAsync<long>(
            "SELECT count(*) FROM conversations c JOIN sanctums s ON s.id = c.sanctum_id WHERE s.slug = ANY(@slugs)",
            new NpgsqlParameter("slugs", SanctumSteps.BuiltInSlugs)));
        var after = await (await client.GetAsync("/api/sanctums/atrium")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(before.GetProperty("id").GetInt64(), after.GetProperty("id").GetInt64());
        Assert.Equal(before.GetProperty("default_chat_room_id").GetInt64(), after.GetProperty("default_chat_room_id").GetInt64());
    }
}
