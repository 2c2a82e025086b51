// Seeds a data folder (SQLite database + key ring) for the benchmark through the Core services:
// the owner account, 200 Custom credentials verified against a zero-work HTTPS provider on
// 127.0.0.1, and 2,000 or 20,000 models. Usage: Seeder <data folder> <2k|20k>
using System.Diagnostics;
using AgentHub.Bench;
using AgentHub.Bench.Seeder;

if (args.Length != 2)
{
    Console.Error.WriteLine("Usage: Seeder <data folder> <2k|20k>");
    return 2;
}

var data = Path.GetFullPath(args[0]);
var modelCount = BenchData.ModelCount(args[1]);
if (Directory.Exists(data))
{
    Directory.Delete(data, recursive: true);
}
Directory.CreateDirectory(data);

await using var provider = await ZeroWorkProvider.StartAsync();
// Only the seeder calls the provider on 127.0.0.1; the app under test never does.
using var host = await Seeding.StartHostAsync(data);

var clock = Stopwatch.StartNew();
var owner = await Seeding.CreateOwnerAsync(host.Services);
var credentialIds = new List<Guid>();
for (var i = 0; i < BenchData.CredentialCount; i++)
{
    credentialIds.Add(await Seeding.CreateCredentialAsync(host.Services, owner, provider, i));
}
Console.WriteLine($"seeder: {credentialIds.Count} credentials in {clock.Elapsed.TotalSeconds:F0} s");

for (var m = 0; m < modelCount; m++)
{
    await Seeding.ConnectModelAsync(host.Services, owner, credentialIds[BenchData.CredentialOf(m)], m);
    if ((m + 1) % 1000 == 0)
    {
        Console.WriteLine($"seeder: {m + 1} models ({clock.Elapsed.TotalSeconds:F0} s)");
    }
}

await File.WriteAllTextAsync(Path.Combine(data, "seeded.txt"), $"{args[1]} {BenchData.CredentialCount} credentials {modelCount} models\n");
Console.WriteLine($"seeder: done in {clock.Elapsed.TotalSeconds:F0} s -> {data}");
return 0;
