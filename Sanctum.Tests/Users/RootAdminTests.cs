using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Users;

[Collection(AppCollection.Name)]
public sealed class RootAdminTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Development_root_admin_exists_with_the_configured_credentials()
    {
        var root = await app.LoginRootAsync();

        var me = await (await root.Client.GetAsync("/api/users/me")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(TestUsers.RootUsername, me.GetProperty("username").GetString());
        Assert.Equal(TestUsers.RootEmail, me.GetProperty("email").GetString());
        Assert.True(me.GetProperty("is_admin").GetBoolean());
    }
}
