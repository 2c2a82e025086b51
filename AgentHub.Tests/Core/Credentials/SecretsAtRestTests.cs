using Microsoft.Data.Sqlite;

namespace AgentHub.Tests.Core.Credentials;

public sealed class SecretsAtRestTests
{
    private const string ApiKey = "sk-live-SECRET-7f3a9c2e1d4b";
    private const string HeaderValue = "gw-SECRET-header-55aa";

    [Fact]
    public async Task NoSecretTextShouldBeFoundInAnyTableOrInTheDatabaseFiles()
    {
        await using var store = await TestStore.CreateAsync();
        await store.CreateVerifiedAsync("OpenAI", apiKey: ApiKey);
        await store.CreateVerifiedAsync("Gateway", ProviderIds.Custom, apiKey: ApiKey + "-2", values: new() { [FieldKeys.ExtraHeaders] = $"X-Gateway-Token: {HeaderValue}" });
        await store.CreateVerifiedAsync("Vertex", ProviderIds.VertexAi);
        var privateKeyBody = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC";

        var tableText = await DumpAllTablesAsync(store.DatabasePath);
        var fileText = string.Concat(Directory.GetFiles(store.Folder, "agenthub.db*").Select(f => Encoding.UTF8.GetString(ReadShared(f))));

        Assert.Contains(Inputs.ServiceAccountEmail, tableText); // the hint is stored in clear, so the dump does read the rows
        foreach (var secret in new[] { ApiKey, HeaderValue, privateKeyBody })
        {
            Assert.DoesNotContain(secret, tableText);
            Assert.DoesNotContain(secret, fileText);
        }
    }

    [Fact]
    public async Task ACredentialWhoseKeyRingWasReplacedShouldReadAsNeedsReentry()
    {
        var (second, id) = await RestartWithANewKeyRingAsync();
        await using var _ = second;

        var row = Assert.Single(await second.CredentialReader.ListAsync(second.Admin));
        var details = await second.CredentialReader.GetAsync(second.Admin, id);
        var reverify = await second.CredentialVerification.VerifyAsync(second.Admin, id);

        Assert.Equal(CredentialStatus.NeedsReentry, row.Status);
        Assert.Contains("Enter it again", row.StatusMessage);
        Assert.Equal(CredentialStatus.NeedsReentry, details!.Status);
        Assert.Empty(details.StoredSecretFields);
        Assert.Equal(CredentialStatus.NeedsReentry, reverify.ValueOrFail().Status);
        Assert.Empty(second.Verifier.Calls);
    }

    [Fact]
    public async Task ANeedsReentryCredentialShouldDemandTheKeyAndRecoverWithIt()
    {
        var (second, id) = await RestartWithANewKeyRingAsync();
        await using var _ = second;
        var details = (await second.CredentialReader.GetAsync(second.Admin, id))!;

        var blank = await second.CredentialEditor.UpdateAsync(second.Admin, id, details.ToInput(), details.Version);
        var withKey = details.ToInput();
        withKey.Values[FieldKeys.ApiKey] = ApiKey;
        var reentered = await second.CredentialEditor.UpdateAsync(second.Admin, id, withKey, details.Version);

        Assert.Contains("entered again", Assert.Single(blank.ErrorOrFail().FieldErrors[FieldKeys.ApiKey]));
        Assert.True(reentered.Succeeded, reentered.Error?.Message);
        Assert.Equal(CredentialStatus.Verified, reentered.Value.Status);
    }

    [Fact]
    public async Task TheEditDetailsShouldCarryNoSecretValue()
    {
        await using var store = await TestStore.CreateAsync();
        var credential = await store.CreateVerifiedAsync("Gateway", ProviderIds.Custom, apiKey: ApiKey, values: new() { [FieldKeys.ExtraHeaders] = $"X-Gateway-Token: {HeaderValue}" });

        var details = (await store.CredentialReader.GetAsync(store.Admin, credential.Id))!;
        var input = details.ToInput();

        Assert.Equal([FieldKeys.ApiKey, FieldKeys.ExtraHeaders], details.StoredSecretFields.Order());
        Assert.DoesNotContain(ApiKey, details.ToString());
        Assert.DoesNotContain(HeaderValue, details.ToString());
        Assert.False(input.Values.ContainsKey(FieldKeys.ApiKey));
        Assert.False(input.Values.ContainsKey(FieldKeys.ExtraHeaders));
        Assert.Equal("https://llm.example.com/v1", input.Values[FieldKeys.BaseUrl]);
    }

    /// <summary>Stores a verified credential, then starts again over the same database with the key ring gone.</summary>
    private static async Task<(TestStore Store, Guid CredentialId)> RestartWithANewKeyRingAsync()
    {
        var folder = TestStore.NewFolder();
        Guid id;
        await using (var first = await TestStore.CreateAsync(folder: folder))
        {
            id = (await first.CreateVerifiedAsync("Prod", apiKey: ApiKey)).Id;
        }

        Directory.Delete(Path.Combine(folder, "keys"), recursive: true);
        return (await TestStore.CreateAsync(folder: folder, deleteFolder: true), id);
    }

    private static async Task<string> DumpAllTablesAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new StringBuilder();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i))).Append('|');
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
