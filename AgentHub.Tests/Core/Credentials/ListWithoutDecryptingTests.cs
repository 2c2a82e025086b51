using Microsoft.AspNetCore.DataProtection;

namespace AgentHub.Tests.Core.Credentials;

/// <summary>Listing credentials and models reads a recorded state: it decrypts nothing, however many there are.</summary>
public sealed class ListWithoutDecryptingTests : IAsyncLifetime
{
    private readonly UnprotectCounter _counter = new();
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(configure: s => UnprotectCounter.Decorate(s, _counter));

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task ListingCredentialsAndModelsShouldDecryptNoSecret()
    {
        for (var i = 0; i < 12; i++)
        {
            var credential = await _store.CreateVerifiedAsync($"Prod {i:00}");
            await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = credential.Id, ModelId = $"gpt-4o-{i}" });
        }

        var before = _counter.Unprotects;
        var credentials = await _store.CredentialReader.ListAsync(_store.Admin);
        var models = await _store.ModelReader.ListAsync(_store.Admin);

        Assert.Equal(12, credentials.Count);
        Assert.Equal(12, models.Count);
        Assert.All(credentials, c => Assert.Equal(CredentialStatus.Verified, c.Status));
        Assert.Equal(0, _counter.Unprotects - before);
    }

    [Fact]
    public async Task ADecryptionThatFailsShouldBeRecordedSoTheListShowsNeedsReentry()
    {
        var credential = await _store.CreateVerifiedAsync("Prod");
        _counter.FailFromNowOn = true;

        var details = await _store.CredentialReader.GetAsync(_store.Admin, credential.Id);
        var row = Assert.Single(await _store.CredentialReader.ListAsync(_store.Admin));

        Assert.Equal(CredentialStatus.NeedsReentry, details!.Status);
        Assert.Equal(CredentialStatus.NeedsReentry, row.Status);
        Assert.Contains("Enter it again", row.StatusMessage);
    }

    [Fact]
    public async Task TurningNeedsReentryShouldBeOneStatusEntryHoweverOftenTheDecryptionFails()
    {
        var credential = await _store.CreateVerifiedAsync("Prod");
        _counter.FailFromNowOn = true;

        await _store.CredentialReader.GetAsync(_store.Admin, credential.Id);
        await _store.CredentialReader.GetAsync(_store.Admin, credential.Id);
        await _store.CredentialVerification.VerifyAsync(_store.Admin, credential.Id);

        var changes = (await _store.Services.GetRequiredService<AgentHub.Core.Activity.ActivityLog>().ListAsync(_store.Admin))
            .Where(e => e.Action == AgentHub.Core.Activity.ActivityActions.CredentialStatusChanged).ToList();
        var change = Assert.Single(changes);
        Assert.Equal(("Prod", "Agent Hub (key ring)"), (change.ObjectName, change.User));
        Assert.StartsWith("Verified → Needs re-entry: The stored secret can no longer be decrypted", change.Details);
    }

    /// <summary>Counts every decryption that SecretProtector asks the key ring for, and can make them fail.</summary>
    private sealed class UnprotectCounter
    {
        private int _unprotects;

        public int Unprotects => _unprotects;

        public bool FailFromNowOn { get; set; }

        public static void Decorate(IServiceCollection services, UnprotectCounter counter)
        {
            var inner = services.Last(d => d.ServiceType == typeof(IDataProtectionProvider));
            services.Remove(inner);
            services.AddSingleton<IDataProtectionProvider>(sp => new Provider(
                (IDataProtectionProvider)(inner.ImplementationInstance
                    ?? inner.ImplementationFactory?.Invoke(sp)
                    ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!)), counter));
        }

        private sealed class Provider(IDataProtectionProvider inner, UnprotectCounter counter) : IDataProtectionProvider
        {
            public IDataProtector CreateProtector(string purpose) => new Protector(inner.CreateProtector(purpose), counter);
        }

        private sealed class Protector(IDataProtector inner, UnprotectCounter counter) : IDataProtector
        {
            public IDataProtector CreateProtector(string purpose) => new Protector(inner.CreateProtector(purpose), counter);

            public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

            public byte[] Unprotect(byte[] protectedData)
            {
                Interlocked.Increment(ref counter._unprotects);
                return counter.FailFromNowOn
                    ? throw new System.Security.Cryptography.CryptographicException("The key ring cannot read this payload.")
                    : inner.Unprotect(protectedData);
            }
        }
    }
}
