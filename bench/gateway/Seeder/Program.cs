// Seeds the gateway benchmark's data folder (SQLite database + key ring) through the Core services:
// the owner account, two Custom credentials to the nginx fake (one per answer shape, its certificate
// in the CA certificate field) verified against it, the models bench-json and bench-stream, and one
// agent key, written to <key file>. Usage: GatewaySeeder <data folder> <fake base URL> <CA PEM file> <key file>
using AgentHub.Bench.Seeder;
using AgentHub.Core.AgentKeys;
using AgentHub.Core.Credentials;
using AgentHub.Core.Models;
using AgentHub.Core.Providers;
using AgentHub.Core.Teams;

if (args.Length != 4)
{
    Console.Error.WriteLine("Usage: GatewaySeeder <data folder> <fake base URL> <CA PEM file> <key file>");
    return 2;
}

var (data, fake, caPem, keyFile) = (Path.GetFullPath(args[0]), args[1].TrimEnd('/'), await File.ReadAllTextAsync(args[2]), args[3]);
if (Directory.Exists(data))
{
    Directory.Delete(data, recursive: true);
}
Directory.CreateDirectory(data);

// The fake listens on 127.0.0.1: the app under test runs with AgentHub:Network:AllowPrivateEndpoints too.
using var host = await Seeding.StartHostAsync(data);

var owner = await Seeding.CreateOwnerAsync(host.Services);
foreach (var shape in new[] { "json", "stream" })
{
    var credential = await CreateCredentialAsync(owner, $"nginx-{shape}", $"{fake}/{shape}/v1");
    var connected = await host.Services.GetRequiredService<ModelChanges>()
        .ConnectAsync(owner, new ModelInput { CredentialId = credential, ModelId = $"bench-{shape}" });
    Check(connected.Succeeded, connected.Succeeded ? null : connected.Error.Message);
}

var key = await host.Services.GetRequiredService<AgentKeyService>().CreateAsync(owner, new AgentKeyInput { Name = "gateway benchmark" });
if (!key.Succeeded)
{
    throw new InvalidOperationException($"Seeding failed: {key.Error.Message}");
}
await File.WriteAllTextAsync(keyFile, key.Value.Key);
Console.WriteLine($"gateway seeder: 2 credentials, 2 models, 1 agent key -> {data}");
return 0;

async Task<Guid> CreateCredentialAsync(Actor actor, string name, string baseUrl)
{
    var created = await host.Services.GetRequiredService<CredentialChanges>().CreateAsync(actor, new CredentialInput
    {
        Name = name,
        ProviderId = ProviderIds.Custom,
        Values =
        {
            [FieldKeys.BaseUrl] = baseUrl,
            [FieldKeys.ApiKey] = "sk-bench-gateway-0123456789abcdef",
            [FieldKeys.CaCertificate] = caPem,
        },
    });
    if (!created.Succeeded)
    {
        throw new InvalidOperationException($"Seeding failed: {created.Error.Message}");
    }

    var verified = await host.Services.GetRequiredService<CredentialVerification>().VerifyAsync(actor, created.Value.Id);
    Check(verified.Succeeded && verified.Value.Status == CredentialStatus.Verified,
        verified.Succeeded ? verified.Value.StatusMessage : verified.Error.Message);
    return created.Value.Id;
}

static void Check(bool succeeded, string? problem)
{
    if (!succeeded)
    {
        throw new InvalidOperationException($"Seeding failed: {problem}");
    }
}
