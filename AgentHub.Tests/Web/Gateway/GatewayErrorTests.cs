using System.Net.Http.Headers;
using System.Text.Json;
using AgentHub.Core.AgentKeys;
using AgentHub.Core.Gateway;
using AgentHub.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Tests.Web.Gateway;

/// <summary>Every refusal of the agent's own call (its key, its model, its request, the URL), over raw HTTP, in OpenAI's error envelope.</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class GatewayErrorTests(FakeProviders fakes)
{
    [Fact]
    public async Task AMissingOrUnknownAgentKeyShouldGet401()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);

        var none = await GatewayCalls.PostAsync(gateway.RawClient());
        var unknown = await GatewayCalls.PostAsync(gateway.RawClient(AgentKeyService.KeyPrefix + new string('A', 43)));
        var providerKey = await GatewayCalls.PostAsync(gateway.RawClient(gateway.Fake.ValidKey));

        Assert.All([none, unknown, providerKey], r => Assert.Equal((HttpStatusCode.Unauthorized, "invalid_api_key"), (r.Status, r.Code)));
        Assert.Equal("Bearer", none.Response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Empty(gateway.Fake.Requests);
    }

    [Fact]
    public async Task TheAdminCookieShouldNotOpenTheGateway()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        var signedIn = AccountForms.Client(gateway.App);
        Assert.Equal(HttpStatusCode.Redirect, (await AccountForms.LoginAsync(signedIn)).StatusCode);

        var chat = await GatewayCalls.PostAsync(signedIn);
        var models = await signedIn.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, chat.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, models.StatusCode);
        Assert.Empty(gateway.Fake.Requests);
    }

    [Fact]
    public async Task AnAgentKeyShouldOpenNoAdminPage()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);

        var page = await gateway.RawClient(gateway.AgentKey).GetAsync("/agent-hub/credentials");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/login", page.Headers.Location!.ToString());
    }

    [Fact]
    public async Task ARevokedKeyShouldGet401OnTheNextCall()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        var client = gateway.RawClient(gateway.AgentKey);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/chat/completions", GatewayCalls.Chat())).StatusCode);
        using (var scope = gateway.App.Services.CreateScope())
        {
            var keys = scope.ServiceProvider.GetRequiredService<AgentKeyService>();
            var key = Assert.Single(await keys.ListAsync(gateway.Admin));
            Assert.True((await keys.RevokeAsync(gateway.Admin, key.Id)).Succeeded);
        }

        var after = await GatewayCalls.PostAsync(client);

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_api_key"), (after.Status, after.Code));
    }

    [Fact]
    public async Task AModelTheKeyMayNotCallShouldGet404LikeAModelThatDoesNotExist()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        ModelSummary other;
        using (var scope = gateway.App.Services.CreateScope())
        {
            other = (await scope.ServiceProvider.GetRequiredService<ModelChanges>().ConnectAsync(gateway.Admin,
                new ModelInput { CredentialId = gateway.Credential.Id, ModelId = "gpt-4o-mini" })).ValueOrFail();
        }

        var restricted = await gateway.CreateKeyAsync(new AgentKeyInput { Name = "Only mini", ModelIds = [other.Id] });

        var forbidden = await GatewayCalls.PostAsync(gateway.RawClient(restricted.Key), GatewayCalls.Chat(GatewayHarness.Alias));
        var missing = await GatewayCalls.PostAsync(gateway.RawClient(restricted.Key), GatewayCalls.Chat("no-such-model"));
        var allowed = await gateway.RawClient(restricted.Key).PostAsync("/v1/chat/completions", GatewayCalls.Chat("gpt-4o-mini"));
        var listed = await gateway.RawClient(restricted.Key).GetStringAsync("/v1/models");

        Assert.Equal((HttpStatusCode.NotFound, "model_not_found"), (forbidden.Status, forbidden.Code));
        Assert.Equal((HttpStatusCode.NotFound, "model_not_found"), (missing.Status, missing.Code));
        Assert.Equal(forbidden.Message.Replace(GatewayHarness.Alias, "X"), missing.Message.Replace("no-such-model", "X"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("gpt-4o-mini", listed);
        Assert.DoesNotContain(GatewayHarness.Alias, listed);
    }

    [Fact]
    public async Task AnotherTeamsModelShouldGet404()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        Actor otherAdmin;
        using (var scope = gateway.App.Services.CreateScope())
        {
            var team = await scope.ServiceProvider.GetRequiredService<TeamService>().CreateTeamAsync(gateway.Admin.UserId, "Other team");
            otherAdmin = new Actor(gateway.Admin.UserId, team.ValueOrFail().TeamId);
        }

        var otherKey = await gateway.CreateKeyAsync(new AgentKeyInput { Name = "Other team's agent" }, otherAdmin);

        var result = await GatewayCalls.PostAsync(gateway.RawClient(otherKey.Key));

        Assert.Equal((HttpStatusCode.NotFound, "model_not_found"), (result.Status, result.Code));
        Assert.Empty(gateway.Fake.Requests);
    }

    [Fact]
    public async Task AnInvalidModelShouldGet409NamingWhy()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        using (var scope = gateway.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CredentialChanges>().DeleteAsync(gateway.Admin, gateway.Credential.Id);
        }

        var result = await GatewayCalls.PostAsync(gateway.RawClient(gateway.AgentKey));

        Assert.Equal((HttpStatusCode.Conflict, "model_invalid"), (result.Status, result.Code));
        Assert.Contains("Provider key", result.Message);
        Assert.Contains("deleted", result.Message);
    }

    [Fact]
    public async Task AnUnavailableModelShouldGet409NamingWhy()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        gateway.Fake.ValidKey = "sk-another-key";
        using (var scope = gateway.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CredentialVerification>().VerifyAsync(gateway.Admin, gateway.Credential.Id);
        }

        gateway.Fake.Reset();
        var result = await GatewayCalls.PostAsync(gateway.RawClient(gateway.AgentKey));

        Assert.Equal((HttpStatusCode.Conflict, "model_unavailable"), (result.Status, result.Code));
        Assert.Contains("Failed", result.Message);
        Assert.Empty(gateway.Fake.Requests);
    }

    [Fact]
    public async Task ABodyOverTheConfiguredCapShouldGet413()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi, new Dictionary<string, string?> { ["AgentHub:Gateway:MaxRequestBytes"] = "2048" });
        var large = new StringContent(JsonSerializer.Serialize(new { model = GatewayHarness.Alias, messages = new[] { new { role = "user", content = new string('x', 4096) } } }), Encoding.UTF8, "application/json");

        var result = await GatewayCalls.PostAsync(gateway.RawClient(gateway.AgentKey), large);
        var small = await gateway.RawClient(gateway.AgentKey).PostAsync("/v1/chat/completions", GatewayCalls.Chat());

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "request_too_large"), (result.Status, result.Code));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.DoesNotContain(gateway.Fake.Requests, r => r.Body.Length > 2048);
    }

    [Fact]
    public async Task ABodyThatIsNotAChatRequestShouldGet400()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        var client = gateway.RawClient(gateway.AgentKey);

        var notJson = await GatewayCalls.PostAsync(client, new StringContent("{not json", Encoding.UTF8, "application/json"));
        var noModel = await GatewayCalls.PostAsync(client, new StringContent("""{"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
        var badRole = await GatewayCalls.PostAsync(client, new StringContent($$"""{"model":"{{GatewayHarness.Alias}}","messages":[{"role":"robot","content":"hi"}]}""", Encoding.UTF8, "application/json"));

        Assert.All([notJson, noModel, badRole], r => Assert.Equal(HttpStatusCode.BadRequest, r.Status));
        Assert.Contains("robot", badRole.Message);
    }

    [Fact]
    public async Task AnythingElseUnderV1ShouldGet404InTheEnvelopeWhileCaseAndATrailingSlashDoNotMatter()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        var client = gateway.RawClient(gateway.AgentKey);

        var embeddings = await client.PostAsync("/v1/embeddings", GatewayCalls.Chat());
        var wrongMethod = await client.GetAsync("/v1/chat/completions");
        var root = await client.GetAsync("/v1/");
        var shouted = await client.PostAsync("/V1/Chat/Completions/", GatewayCalls.Chat());
        var models = await client.GetAsync("/v1/MODELS/");
        var notTheGateway = await client.GetAsync("/v1x/models");

        foreach (var response in new[] { embeddings, wrongMethod, root })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("unknown_url", json.RootElement.GetProperty("error").GetProperty("code").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, shouted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        // A path that only starts like the gateway's is the admin app's: its page, not the envelope.
        Assert.NotEqual("application/json", notTheGateway.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AFailureOfAgentHubsOwnShouldGet500InTheEnvelopeAndBeLogged()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        var client = gateway.RawClient(gateway.AgentKey);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/chat/completions", GatewayCalls.Chat())).StatusCode);
        // The store fails under the gateway: its directory cannot be read again.
        await using (var db = await gateway.App.Services.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"ModelConnections\" RENAME TO \"ModelConnectionsGone\"");
        }

        gateway.App.Services.GetRequiredService<GatewayDirectory>().Invalidate();

        var result = await GatewayCalls.PostAsync(client);

        Assert.Equal(HttpStatusCode.InternalServerError, result.Status);
        Assert.Equal("internal_error", result.Code);
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("Gateway request POST /v1/chat/completions failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoKeyShouldAppearInLogsOrErrorBodies()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        var storedKey = gateway.Fake.ValidKey;
        var client = gateway.RawClient(gateway.AgentKey);
        await client.PostAsync("/v1/chat/completions", GatewayCalls.Chat());
        await client.GetAsync("/v1/models");
        gateway.Fake.ValidKey = "sk-rotated-at-the-provider";
        var refused = await (await client.PostAsync("/v1/chat/completions", GatewayCalls.Chat())).Content.ReadAsStringAsync();

        Assert.NotEmpty(gateway.Logs.Lines);
        Assert.DoesNotContain(gateway.AgentKey, gateway.Logs.AllText);
        Assert.DoesNotContain(storedKey, gateway.Logs.AllText);
        Assert.DoesNotContain(storedKey, refused);
        using var scope = gateway.App.Services.CreateScope();
        var activity = await scope.ServiceProvider.GetRequiredService<AgentHub.Core.Activity.ActivityLog>().ListAsync(gateway.Admin);
        var recorded = string.Join('\n', activity.Select(e => $"{e.User} {e.Action} {e.ObjectName} {e.Details}"));
        Assert.DoesNotContain(gateway.AgentKey, recorded);
        Assert.DoesNotContain(storedKey, recorded);
    }
}
