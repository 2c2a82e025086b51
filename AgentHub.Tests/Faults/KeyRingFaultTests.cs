using AgentHub.Core.Security;
using Microsoft.Extensions.Logging;

namespace AgentHub.Tests.Faults;

/// <summary>
/// A damaged or missing key ring is named, not an outage: the app starts, signs people in, says
/// which key file is unreadable (log and health check), and shows only the credentials it cannot
/// decrypt as Needs re-entry. (The key ring folder removed outright: see
/// <c>SecretsAtRestTests.ACredentialWhoseKeyRingWasReplacedShouldReadAsNeedsReentry</c>.)
/// </summary>
public sealed class KeyRingFaultTests
{
    private const string ApiKey = "sk-keyring-0000000000a1b2";

    private static void Truncate(string file)
    {
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);
    }

    private static string[] KeyFiles(string folder) => Directory.GetFiles(Path.Combine(folder, "keys"), "key-*.xml");

    [Fact]
    public async Task AppWithItsOnlyKeyFileTruncatedShouldStillSignInNameTheFileAndReportUnhealthy()
    {
        var folder = TestStore.NewFolder();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:AgentHub"] = $"Data Source={Path.Combine(folder, "agenthub.db")}",
            ["AgentHub:DataProtection:KeysPath"] = Path.Combine(folder, "keys"),
        };
        try
        {
            await using (var first = new AgentHubAppFactory(settings))
            {
                await AccountForms.SignedInClientAsync(first);
                using var scope = first.Services.CreateScope();
                var actor = await AccountForms.OwnerActorAsync(first.Services);
                Assert.True((await scope.ServiceProvider.GetRequiredService<CredentialChanges>().CreateAsync(actor, Inputs.Credential("Prod", apiKey: ApiKey))).Succeeded);
            }

            var damaged = Assert.Single(KeyFiles(folder));
            Truncate(damaged);
            var logs = new CapturingLoggerProvider();
            await using var second = new AgentHubAppFactory(settings, s => s.AddSingleton<ILoggerProvider>(logs));

            var login = await AccountForms.Client(second).GetAsync("/account/login");
            var signIn = await AccountForms.LoginAsync(AccountForms.Client(second));
            var health = await second.CreateClient().GetAsync("/healthz");
            var actorAfter = await AccountForms.OwnerActorAsync(second.Services);
            using var scopeAfter = second.Services.CreateScope();
            var rows = await scopeAfter.ServiceProvider.GetRequiredService<CredentialReader>().ListAsync(actorAfter);

            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Equal(CredentialStatus.NeedsReentry, Assert.Single(rows).Status);
            Assert.Contains(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains(Path.GetFileName(damaged), StringComparison.Ordinal) && l.Contains("backup", StringComparison.Ordinal));
            Assert.True(File.Exists(damaged), "The damaged file is left for the operator.");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task WithOneOfTwoKeysTruncatedOnlyTheCredentialsItEncryptedShouldNeedReentry()
    {
        var folder = TestStore.NewFolder();
        Guid older, newer;
        string newerKeyFile;
        await using (var first = await TestStore.CreateAsync(folder: folder))
        {
            older = (await first.CreateVerifiedAsync("Older", apiKey: ApiKey)).Id;
        }

        // A second key, as a ring that has rotated holds: the first set aside while the second is made.
        var olderKeyFile = Assert.Single(KeyFiles(folder));
        File.Move(olderKeyFile, olderKeyFile + ".aside");
        await using (var rotated = await TestStore.CreateAsync(folder: folder, deleteFolder: false))
        {
            newer = (await rotated.CredentialChanges.CreateAsync(rotated.Admin, Inputs.Credential("Newer", apiKey: ApiKey))).ValueOrFail().Id;
            newerKeyFile = Assert.Single(KeyFiles(folder));
        }

        File.Move(olderKeyFile + ".aside", olderKeyFile);
        Truncate(newerKeyFile);
        await using var second = await TestStore.CreateAsync(folder: folder, deleteFolder: true);

        var rows = (await second.CredentialReader.ListAsync(second.Admin)).ToDictionary(r => r.Id, r => r.Status);
        var state = second.Services.GetRequiredService<KeyRingState>();
        var fresh = await second.CredentialChanges.CreateAsync(second.Admin, Inputs.Credential("After restart", apiKey: ApiKey));

        Assert.Equal(CredentialStatus.NeedsReentry, rows[newer]);
        Assert.NotEqual(CredentialStatus.NeedsReentry, rows[older]);
        Assert.Equal([Path.GetFileName(newerKeyFile)], state.DamagedFiles);
        Assert.False(state.NoKeyReadableAtStart);
        Assert.True(fresh.Succeeded);
        Assert.NotEqual(CredentialStatus.NeedsReentry, (await second.CredentialReader.GetSummaryAsync(second.Admin, fresh.Value.Id))!.Status);
    }
}
