using AgentHub.Web.Health;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;

namespace AgentHub.Tests.Web.Health;

/// <summary>/healthz's count of undecryptable keys reads the key ring at most once a minute, however often it is probed.</summary>
public sealed class KeyRingAuditTests
{
    [Fact]
    public void ProbesWithinAMinuteShouldReadTheKeyRingOnceAndTheNextMinuteAgain()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
        var keys = new CountingKeyManager();
        var audit = new KeyRingAudit(keys, clock);

        var counts = new List<int>();
        for (var probe = 0; probe < 6; probe++)
        {
            counts.Add(audit.UndecryptableKeys());
            clock.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(1, keys.Reads);
        clock.Advance(KeyRingAudit.Interval);
        audit.UndecryptableKeys();
        Assert.Equal(2, keys.Reads);
        Assert.All(counts, c => Assert.Equal(0, c));
    }

    /// <summary>A key ring with no key that counts how often it is read.</summary>
    private sealed class CountingKeyManager : IKeyManager
    {
        public int Reads { get; private set; }

        public IReadOnlyCollection<IKey> GetAllKeys()
        {
            Reads++;
            return [];
        }

        public IKey CreateNewKey(DateTimeOffset activationDate, DateTimeOffset expirationDate) => throw new NotSupportedException();

        public CancellationToken GetCacheExpirationToken() => CancellationToken.None;

        public void RevokeKey(Guid keyId, string? reason = null) => throw new NotSupportedException();

        public void RevokeAllKeys(DateTimeOffset revocationDate, string? reason = null) => throw new NotSupportedException();
    }
}
