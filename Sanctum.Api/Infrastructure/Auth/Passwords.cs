using System.Security.Cryptography;

namespace Sanctum.Api.Infrastructure.Auth;

/// <summary>bcrypt at the contract's cost (1.2).</summary>
public static class Passwords
{
    public const int WorkFactor = 10;

    /// <summary>
    /// A hash of a random secret at the same cost. Login verifies against it when no user has the email, so an unknown
    /// email costs as much as a wrong password and the response time does not tell which emails have accounts.
    /// </summary>
    internal static readonly string UnknownUserHash = Hash(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));

    public static string Hash(string password) => BCrypt.Net.BCrypt.HashPassword(password, WorkFactor);

    /// <summary>Whether the password matches the hash; with no hash (no such user) it does the same work and answers false.</summary>
    public static bool Verify(string password, string? hash)
    {
        var matches = BCrypt.Net.BCrypt.Verify(password, hash ?? UnknownUserHash);
        return hash is not null && matches;
    }
}
