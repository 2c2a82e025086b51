using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace AgentHub.Core.Security;

/// <summary>
/// Encrypts a credential's secret values with ASP.NET Core Data Protection. The key ring lives
/// in <c>AgentHub:DataProtection:KeysPath</c>; losing it makes stored secrets unreadable, which
/// <see cref="TryUnprotect"/> reports instead of throwing.
/// </summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    // The purpose string isolates these payloads from every other use of the key ring.
    private readonly IDataProtector _protector = provider.CreateProtector("AgentHub.Credentials.Secrets.v1");

    /// <summary>Encrypts the secret values (field key → value) into one opaque string.</summary>
    public string Protect(IReadOnlyDictionary<string, string> secrets) =>
        _protector.Protect(JsonSerializer.Serialize(secrets));

    /// <summary>Whether the key ring can still decrypt <paramref name="payload"/>.</summary>
    public bool CanUnprotect(string payload) => TryUnprotect(payload, out _);

    /// <summary>
    /// Decrypts what <see cref="Protect"/> produced. Returns false when the key ring that
    /// encrypted it is gone or the payload was tampered with.
    /// </summary>
    public bool TryUnprotect(string payload, out IReadOnlyDictionary<string, string> secrets)
    {
        try
        {
            secrets = JsonSerializer.Deserialize<Dictionary<string, string>>(_protector.Unprotect(payload)) ?? [];
            return true;
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            secrets = new Dictionary<string, string>();
            return false;
        }
    }
}
