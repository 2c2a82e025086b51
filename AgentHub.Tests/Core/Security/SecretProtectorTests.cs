using AgentHub.Core.Security;
using Microsoft.AspNetCore.DataProtection;

namespace AgentHub.Tests.Core.Security;

public sealed class SecretProtectorTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "agenthub-tests", Guid.NewGuid().ToString("N"));

    private SecretProtector Protector(string ring) =>
        new(DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(_folder, ring)), b => b.SetApplicationName("AgentHub")));

    [Fact]
    public void ProtectedSecretsShouldRoundTripAndNotContainTheirText()
    {
        var protector = Protector("ring");
        var secrets = new Dictionary<string, string> { ["apiKey"] = "sk-roundtrip-secret-1234" };

        var payload = protector.Protect(secrets);
        var ok = protector.TryUnprotect(payload, out var back);

        Assert.DoesNotContain("sk-roundtrip-secret-1234", payload);
        Assert.True(ok);
        Assert.Equal(secrets, back);
    }

    [Fact]
    public void AnotherKeyRingShouldFailToDecryptWithoutThrowing()
    {
        var payload = Protector("first").Protect(new Dictionary<string, string> { ["apiKey"] = "sk-abc-0000000000" });

        var ok = Protector("second").TryUnprotect(payload, out var secrets);

        Assert.False(ok);
        Assert.Empty(secrets);
    }

    [Fact]
    public void ATamperedPayloadShouldFailToDecrypt()
    {
        var protector = Protector("ring");
        var payload = protector.Protect(new Dictionary<string, string> { ["apiKey"] = "sk-abc-0000000000" });

        Assert.False(protector.TryUnprotect(payload[..^4] + "AAAA", out _));
        Assert.False(protector.TryUnprotect("not a payload", out _));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
