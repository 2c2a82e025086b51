using AgentHub.Core;
using AgentHub.Core.Accounts;
using AgentHub.Core.Credentials;
using AgentHub.Core.Models;
using AgentHub.Core.Persistence;
using AgentHub.Core.Providers;
using AgentHub.Core.Teams;
using Microsoft.AspNetCore.Identity;

namespace AgentHub.Bench.Seeder;

/// <summary>
/// Every call the seeder makes into the Core services, in one place: when the services are
/// renamed or split, this is the only file to adapt.
/// </summary>
public static class Seeding
{
    /// <summary>
    /// The Core services over a fresh database and key ring in <paramref name="data"/>, migrated, allowed to
    /// call providers on private addresses (the benchmark's providers listen on 127.0.0.1).
    /// </summary>
    public static async Task<IHost> StartHostAsync(string data)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:AgentHub"] = $"Data Source={Path.Combine(data, "agenthub.db")}",
            ["AgentHub:DataProtection:KeysPath"] = Path.Combine(data, "keys"),
            ["AgentHub:Network:AllowPrivateEndpoints"] = "true",
        });
        builder.Services.AddAgentHubCore(builder.Configuration);
        builder.Services.AddIdentityCore<AgentHubUser>().AddEntityFrameworkStores<AgentHubDbContext>();
        var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        return host;
    }

    /// <summary>The owner account and its team (the first-start setup), as an actor.</summary>
    public static async Task<Actor> CreateOwnerAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AgentHubUser>>();
        var created = await scope.ServiceProvider.GetRequiredService<AccountSetup>()
            .CreateOwnerAsync(users, BenchData.OwnerEmail, BenchData.OwnerPassword, BenchData.TeamName);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"Seeding failed: {created.Error.Message}");
        }

        var owner = created.Value;
        return new Actor(owner.Id, owner.CurrentTeamId!.Value);
    }

    /// <summary>Creates and verifies one Custom credential against the zero-work provider.</summary>
    public static async Task<Guid> CreateCredentialAsync(IServiceProvider services, Actor owner, ZeroWorkProvider provider, int index)
    {
        var changes = services.GetRequiredService<CredentialChanges>();
        var input = new CredentialInput
        {
            Name = BenchData.CredentialName(index),
            Description = BenchData.CredentialDescription(index),
            ProviderId = ProviderIds.Custom,
            Values =
            {
                [FieldKeys.BaseUrl] = provider.BaseUrl,
                [FieldKeys.ApiKey] = $"sk-bench-{index:D3}-0123456789abcdef",
                [FieldKeys.CaCertificate] = provider.CaPem,
            },
        };
        var created = await changes.CreateAsync(owner, input);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"Seeding failed: {created.Error.Message}");
        }

        var verified = await services.GetRequiredService<CredentialVerification>().VerifyAsync(owner, created.Value.Id);
        Check(verified.Succeeded && verified.Value.Status == CredentialStatus.Verified,
            verified.Succeeded ? verified.Value.StatusMessage : verified.Error.Message);
        return created.Value.Id;
    }

    /// <summary>Connects one model through a Verified credential.</summary>
    public static async Task ConnectModelAsync(IServiceProvider services, Actor owner, Guid credentialId, int index)
    {
        var connected = await services.GetRequiredService<ModelChanges>().ConnectAsync(owner, new ModelInput
        {
            CredentialId = credentialId,
            ModelId = BenchData.ModelId(index),
            Temperature = index % 3 == 0 ? 0.2 : null,
            MaxTokens = index % 5 == 0 ? 1024 : null,
        });
        Check(connected.Succeeded, connected.Succeeded ? null : connected.Error.Message);
    }

    private static void Check(bool succeeded, string? problem)
    {
        if (!succeeded)
        {
            throw new InvalidOperationException($"Seeding failed: {problem}");
        }
    }
}
