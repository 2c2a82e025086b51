using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace AgentHub.Core.Teams;

/// <summary>One-time invitation tokens: 256 random bits for the link, SHA-256 for the store.</summary>
public static class InvitationToken
{
    /// <summary>A new token, URL-safe (base64url, 43 characters).</summary>
    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The stored form: lower-case hex SHA-256 of the token's text.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
