using Sanctum.Tests.Posts;
using Sanctum.Tests.Sanctums;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Realtime;

/// <summary>
/// Exactly once across replicas (contract decision 4): a user with one socket on each replica gets every event once on
/// each socket, whichever replica handled the request that raised it. Counted after a settle period, so a late
/// duplicate is caught too.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ReplicaDeliveryTests(SanctumAppFixture app)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task Every_post_created_on_either_replica_arrives_exactly_once_on_each_socket()
    {
        var receiver = await app.SignupAsync();
        var authors = new[] { await app.SignupAsync(), await app.SignupAsync() };
        await using var socket0 = await app.ConnectReadyAsync(receiver, replica: 0);
        await using var socket1 = await app.ConnectReadyAsync(receiver, replica: 1);

        // Ten posts through each replica, by one author per replica (create_post allows 20 per user in tests).
        var posts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => app.CreatePostOnAsync(authors[i % 2], replica: i % 2)));
        var ids = posts.Select(post => post.Id()).ToHashSet();
        Assert.Equal(20, ids.Count);

        foreach (var socket in new[] { socket0, socket1 })
        {
            foreach (var id in ids)
            {
                await socket.ReceiveTypeAsync("post_created", frame => frame.Has("post_id", id));
            }
        }
        await Task.Delay(Settle);
        foreach (var socket in new[] { socket0, socket1 })
        {
            var duplicates = socket.TakeAll(frame => frame.Type() == "post_created" && ids.Contains(frame.Payload().GetProperty("post_id").GetInt64()));
            Assert.Empty(duplicates);
        }
    }

    [Fact]
    public async Task An_admin_event_from_one_replica_arrives_exactly_once_on_the_admin_sockets_of_both()
    {
        var admin = await app.CreateAdminAsync();
        var requesters = new[] { await app.SignupAsync(), await app.SignupAsync() };
        await using var socket0 = await app.ConnectReadyAsync(admin, replica: 0);
        await using var socket1 = await app.ConnectReadyAsync(admin, replica: 1);

        var ids = new HashSet<long>();
        for (var replica = 0; replica < 2; replica++)
        {
            var slug = TestData.Slug();
            var response = await app.ClientFor(requesters[replica], replica).PostAsJsonAsync("/api/sanctums/requests",
                new { requested_name = $"Name {slug}", requested_slug = slug, reason = "Exactly once." });
            ids.Add((await response.ExpectJsonAsync(HttpStatusCode.Created)).Id());
        }

        foreach (var socket in new[] { socket0, socket1 })
        {
            foreach (var id in ids)
            {
                await socket.ReceiveTypeAsync("sanctum_request_created", frame => frame.Has("id", id));
            }
        }
        await Task.Delay(Settle);
        foreach (var socket in new[] { socket0, socket1 })
        {
            Assert.Empty(socket.TakeAll(frame => frame.Type() == "sanctum_request_created" && ids.Contains(frame.Payload().GetProperty("id").GetInt64())));
        }
    }
}
