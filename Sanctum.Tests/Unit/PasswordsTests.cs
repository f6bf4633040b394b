using System.Text.RegularExpressions;
using Sanctum.Api.Infrastructure.Auth;

namespace Sanctum.Tests.Unit;

public sealed partial class PasswordsTests
{
    [Fact]
    public void Hashes_use_the_contract_work_factor()
    {
        Assert.Matches(Cost10(), Passwords.Hash("Some-Password-1!"));
    }

    [Fact]
    public void The_unknown_user_hash_costs_as_much_as_a_real_one()
    {
        // Login verifies against it when the email is unknown; a cheaper or malformed hash would make that path
        // faster than a wrong password (or throw), telling which emails have accounts.
        Assert.Matches(Cost10(), Passwords.UnknownUserHash);
        Assert.False(BCrypt.Net.BCrypt.Verify("", Passwords.UnknownUserHash));
    }

    [Fact]
    public void Verify_accepts_only_the_right_password_and_never_a_missing_hash()
    {
        var hash = Passwords.Hash("Right-Password-1!");

        Assert.True(Passwords.Verify("Right-Password-1!", hash));
        Assert.False(Passwords.Verify("Wrong-Password-1!", hash));
        Assert.False(Passwords.Verify("Right-Password-1!", null));
        Assert.False(Passwords.Verify("", null));
    }

    [GeneratedRegex(@"^\$2[aby]\$10\$")]
    private static partial Regex Cost10();
}
