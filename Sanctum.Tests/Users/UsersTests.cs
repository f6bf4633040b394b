using Npgsql;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Users;

[Collection(AppCollection.Name)]
public sealed class UsersTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Me_returns_the_callers_profile()
    {
        var user = await app.SignupAsync();

        var body = await (await user.Client.GetAsync("/api/users/me")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(user.Id, body.GetProperty("id").GetInt64());
        Assert.Equal(user.Username, body.GetProperty("username").GetString());
        Assert.Equal(user.Email, body.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Profile_update_changes_only_given_fields_and_keeps_the_password()
    {
        var user = await app.SignupAsync();
        await user.Client.GetAsync($"/api/users/{user.Id}/cached");

        var body = await (await user.Client.PutAsJsonAsync("/api/users/me", new { bio = "Painter of miniatures", avatar = "" }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Painter of miniatures", body.GetProperty("bio").GetString());
        Assert.Equal(user.Username, body.GetProperty("username").GetString());

        var newName = TestData.Username("n");
        body = await (await user.Client.PutAsJsonAsync("/api/users/me", new { username = newName })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(newName, body.GetProperty("username").GetString());
        Assert.Equal("Painter of miniatures", body.GetProperty("bio").GetString());

        // Bug 19.2 of the original wiped the password hash on profile updates.
        await (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password }))
            .ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("abcdefghijklmnopqrstuvwxyz12345", null, "Username too long (max 30 characters)")]
    [InlineData("bad name", null, "username can only contain letters, numbers, underscores, and hyphens")]
    [InlineData(null, "long", "Bio too long (max 500 characters)")]
    public async Task Profile_update_validation_is_400(string? username, string? bio, string message)
    {
        var user = await app.SignupAsync();

        var response = await user.Client.PutAsJsonAsync("/api/users/me", new { username, bio = bio is null ? null : new string('b', 501) });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", message);
    }

    [Fact]
    public async Task Profile_update_to_a_taken_username_is_409_in_any_case()
    {
        var first = await app.SignupAsync();
        var second = await app.SignupAsync();

        await (await second.Client.PutAsJsonAsync("/api/users/me", new { username = first.Username.ToUpperInvariant() }))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "Username already taken");
    }

    [Fact]
    public async Task List_is_paginated_in_id_order_and_contains_new_users()
    {
        var user = await app.SignupAsync();
        var next = await app.SignupAsync();
        var before = await app.ScalarAsync<long>("SELECT count(*) FROM users WHERE deleted_at IS NULL AND id < @id", new NpgsqlParameter("id", user.Id));

        var page = await (await user.Client.GetAsync($"/api/users?limit=2&offset={before}")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal([user.Id, next.Id], page.EnumerateArray().Select(item => item.GetProperty("id").GetInt64()));
        var second = await (await user.Client.GetAsync($"/api/users?limit=1&offset={before + 1}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(next.Id, Assert.Single(second.EnumerateArray()).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task List_limit_defaults_to_and_is_capped_at_100()
    {
        var user = await app.SignupAsync();
        await app.ExecuteSqlAsync("""
            INSERT INTO users (username, email, password)
            SELECT @prefix || g, @prefix || g || '@example.com', 'not-a-hash' FROM generate_series(1, 101) AS g
            """, new NpgsqlParameter("prefix", TestData.Username("cap")));

        var capped = await (await user.Client.GetAsync("/api/users?limit=500")).ExpectJsonAsync(HttpStatusCode.OK);
        var defaulted = await (await user.Client.GetAsync("/api/users?limit=0")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(100, capped.GetArrayLength());
        Assert.Equal(100, defaulted.GetArrayLength());
    }

    [Fact]
    public async Task Get_by_id_returns_the_user_or_404_or_400()
    {
        var user = await app.SignupAsync();
        var other = await app.SignupAsync();

        var body = await (await user.Client.GetAsync($"/api/users/{other.Id}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(other.Username, body.GetProperty("username").GetString());

        await (await user.Client.GetAsync("/api/users/999999999"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "User with ID 999999999 not found");
        await (await user.Client.GetAsync("/api/users/abc"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid ID");
        await (await user.Client.GetAsync("/api/users/0"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid ID");
    }

    [Fact]
    public async Task Cached_profile_is_fresh_after_an_update_and_404_for_unknown_ids()
    {
        var user = await app.SignupAsync();
        var reader = await app.SignupAsync();

        var before = await (await reader.Client.GetAsync($"/api/users/{user.Id}/cached")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("", before.GetProperty("bio").GetString());

        await (await user.Client.PutAsJsonAsync("/api/users/me", new { bio = "updated" })).ExpectJsonAsync(HttpStatusCode.OK);

        var after = await (await reader.Client.GetAsync($"/api/users/{user.Id}/cached")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("updated", after.GetProperty("bio").GetString());

        await (await reader.Client.GetAsync("/api/users/999999998/cached"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "User with ID 999999998 not found");
    }

    [Fact]
    public async Task A_deleted_users_token_stops_working()
    {
        var user = await app.SignupAsync();
        await app.ExecuteSqlAsync("UPDATE users SET deleted_at = NOW() WHERE id = @id", new NpgsqlParameter("id", user.Id));

        await (await user.Client.GetAsync("/api/users/me"))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED", "User no longer exists");
    }
}
