using System.Diagnostics;
using AgentHub.Core.Accounts;
using AgentHub.Core.AgentKeys;
using AgentHub.Core.Persistence;
using AgentHub.Core.Usage;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Tests.Web.Instances;

/// <summary>
/// Moving a SQLite install to PostgreSQL (<c>migrate-store</c>): everything arrives, the secrets are
/// re-encrypted with the PostgreSQL ring and still work, accounts keep their passwords.
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class StoreMigrationTests(FakeProviders fakes)
{
    private const string OwnerEmail = "owner@example.com";
    private const string OwnerPassword = "Owner-Passw0rd!";

    [Fact]
    public async Task ASqliteInstallMovedToPostgreSqlShouldArriveWholeWithItsSecretsKeysAndPasswordsWorking()
    {
        fakes.ResetAll();
        await using var sqlite = await TestStore.CreateAsync();
        var seeded = await SeedAsync(sqlite);
        var database = await PostgresTestServer.CreateDatabaseAsync();

        var (exitCode, output) = await RunMigrateStoreAsync(database, sqlite);

        Assert.True(exitCode == 0, output);
        Assert.Contains("2 credentials re-encrypted", output);
        Assert.DoesNotContain(seeded.OpenAiKey, output);
        await using var host = TwoInstances.Host(database, fakes: fakes);
        await using (var from = await sqlite.OpenDbAsync())
        await using (var to = await host.Services.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(await Contents(from), await Contents(to));
            Assert.All(await to.Credentials.Select(c => c.ProtectedSecrets).ToListAsync(), p => Assert.DoesNotContain(seeded.OpenAiKey, p));
        }

        using var scope = host.Services.CreateScope();
        var verified = await scope.ServiceProvider.GetRequiredService<CredentialVerification>().VerifyAsync(seeded.Owner, seeded.OpenAiCredential);
        Assert.Equal(CredentialStatus.Verified, verified.ValueOrFail().Status);
        using var agent = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        agent.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", seeded.AgentKey);
        var answered = await TwoInstances.UntilAsync(async () => (await agent.PostAsync("/v1/chat/completions", new StringContent(
            """{"model":"team-model","messages":[{"role":"user","content":"Ping?"}]}""", Encoding.UTF8, "application/json"))).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(5));
        Assert.NotNull(answered);
        var signIn = await AccountForms.LoginAsync(AccountForms.Client(host), OwnerEmail, OwnerPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.DoesNotContain("/account/login", signIn.Headers.Location?.OriginalString ?? "");
        await PostgresTestServer.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task MovingIntoAStoreThatAlreadyHoldsAccountsShouldBeRefused()
    {
        await using var sqlite = await TestStore.CreateAsync();
        await using var instances = await TwoInstances.StartAsync();
        await AccountForms.CreateOwnerAsync(instances.A.Services);

        var copied = await instances.A.Services.GetRequiredService<StoreMigration>().CopyFromSqliteAsync($"Data Source={sqlite.DatabasePath}", sqlite.KeysPath);

        Assert.Equal(OperationErrorKind.Conflict, copied.ErrorOrFail().Kind);
        await using var db = await instances.A.Services.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContextAsync();
        Assert.Equal(OwnerEmail, (await db.Users.SingleAsync()).Email);
    }

    /// <summary>
    /// <c>dotnet AgentHub.Web.dll migrate-store</c> from the build output, configured for PostgreSQL through
    /// the environment as an operator would; returns its exit code and what it printed.
    /// </summary>
    private static async Task<(int ExitCode, string Output)> RunMigrateStoreAsync(string database, TestStore sqlite)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(RepositoryPaths.Root, "AgentHub.Web", "bin", configuration, "net10.0"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["AgentHub__Database__Provider"] = "PostgreSQL",
                ["ConnectionStrings__AgentHub"] = database,
                ["AgentHub__DataProtection__CertificatePath"] = PostgresTestServer.CertificatePath,
                ["AgentHub__DataProtection__CertificatePassword"] = PostgresTestServer.CertificatePassword,
            },
        };
        foreach (var argument in new[] { "AgentHub.Web.dll", "migrate-store", "--from", $"Data Source={sqlite.DatabasePath}", "--from-keys", sqlite.KeysPath })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private sealed record Seeded(Actor Owner, Guid OpenAiCredential, string OpenAiKey, string AgentKey);

    /// <summary>An install used for a while, through the Core services: two providers, a model, a member, an invitation, an agent key, activity and usage.</summary>
    private async Task<Seeded> SeedAsync(TestStore store)
    {
        using var scope = store.Services.CreateScope();
        var owner = new AgentHubUser { UserName = OwnerEmail, Email = OwnerEmail };
        Assert.True((await scope.ServiceProvider.GetRequiredService<UserManager<AgentHubUser>>().CreateAsync(owner, OwnerPassword)).Succeeded);
        var admin = await store.AddMemberAsync(owner.Id, TeamRole.Admin);
        await store.AddMemberAsync("viewer", TeamRole.Viewer);

        var openAi = fakes.Credential(store.Services, ProviderIds.OpenAi).Values;
        var credentials = new List<CredentialSummary>();
        foreach (var (name, provider) in new[] { ("OpenAI", ProviderIds.OpenAi), ("Anthropic", ProviderIds.Anthropic) })
        {
            var values = fakes.Credential(store.Services, provider).Values.ToDictionary(v => v.Key, v => (string?)v.Value);
            var created = (await store.CredentialChanges.CreateAsync(admin, new CredentialInput { Name = name, ProviderId = provider, Values = values })).ValueOrFail();
            credentials.Add((await store.CredentialVerification.VerifyAsync(admin, created.Id)).ValueOrFail());
        }

        var model = (await store.ModelChanges.ConnectAsync(admin, new ModelInput
        {
            CredentialId = credentials[0].Id, ModelId = fakes.OpenAi.Models[0], Alias = "team-model", Temperature = 0.3,
        })).ValueOrFail();
        Assert.True((await scope.ServiceProvider.GetRequiredService<InvitationService>().InviteAsync(admin, "invited@example.com", TeamRole.Viewer)).Succeeded);
        var key = (await scope.ServiceProvider.GetRequiredService<AgentKeyService>().CreateAsync(admin, new AgentKeyInput { Name = "Agent" })).ValueOrFail();
        await using (var db = await store.OpenDbAsync())
        {
            db.Set<UsageRecord>().Add(new UsageRecord
            {
                TeamId = admin.TeamId, AgentKeyId = key.Summary.Id, At = DateTime.UtcNow, ModelAlias = model.Alias, ProviderId = ProviderIds.OpenAi,
                Status = 200, LatencyMs = 12.5, InputTokens = 7, OutputTokens = 1,
            });
            await db.SaveChangesAsync();
        }

        return new Seeded(admin, credentials[0].Id, openAi[FieldKeys.ApiKey], key.Key);
    }

    /// <summary>What must arrive, row by row, in a comparable form.</summary>
    private static async Task<List<string>> Contents(AgentHubDbContext db)
    {
        var rows = new List<string>();
        rows.AddRange((await db.Teams.AsNoTracking().ToListAsync()).OrderBy(t => t.Id).Select(t => $"team {t.Id} {t.Name}"));
        rows.AddRange((await db.Users.AsNoTracking().ToListAsync()).OrderBy(u => u.Id)
            .Select(u => $"user {u.Id} {u.Email} {u.PasswordHash} {u.SecurityStamp} {u.CurrentTeamId}"));
        rows.AddRange((await db.TeamMembers.AsNoTracking().ToListAsync()).OrderBy(m => m.UserId).Select(m => $"member {m.TeamId} {m.UserId} {m.Role}"));
        rows.AddRange((await db.Invitations.AsNoTracking().ToListAsync()).OrderBy(i => i.Id).Select(i => $"invitation {i.Id} {i.Email} {i.Role} {i.TokenHash}"));
        rows.AddRange((await db.Credentials.AsNoTracking().ToListAsync()).OrderBy(c => c.Id)
            .Select(c => $"credential {c.Id} {c.Name} {c.ProviderId} {c.Status} {c.SecretsUnreadable} {c.Version}"));
        rows.AddRange((await db.ModelConnections.AsNoTracking().ToListAsync()).OrderBy(m => m.Id)
            .Select(m => $"model {m.Id} {m.CredentialId} {m.ModelId} {m.Alias} {m.Temperature}"));
        rows.AddRange((await db.AgentKeys.AsNoTracking().ToListAsync()).OrderBy(k => k.Id).Select(k => $"key {k.Id} {k.Name} {k.Hash} {string.Join(",", k.ModelIds)}"));
        rows.AddRange((await db.ActivityEntries.AsNoTracking().ToListAsync()).OrderBy(e => e.Id).Select(e => $"activity {e.Id} {e.Action} {e.ObjectName} {e.Details}"));
        rows.AddRange((await db.Set<UsageRecord>().AsNoTracking().ToListAsync()).OrderBy(r => r.Id).Select(r => $"usage {r.Id} {r.AgentKeyId} {r.ModelAlias} {r.InputTokens}"));
        return rows;
    }
}
