using AgentHub.Core.Accounts;
using AgentHub.Core.AgentKeys;
using AgentHub.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Tests.Web.Instances;

/// <summary>
/// Every rule holds across instances: two hosts of the app on one PostgreSQL database, each rule
/// exercised through both. Nothing but the database connects them.
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class TwoInstanceTests(FakeProviders fakes)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task TwentyCreatesRacingOverBothInstancesShouldStopAtExactlyTheTeamLimit()
    {
        await using var instances = await TwoInstances.StartAsync();
        var admin = await OwnerAsync(instances.A);
        using (var scope = instances.A.Services.CreateScope())
        {
            var changes = scope.ServiceProvider.GetRequiredService<CredentialChanges>();
            for (var i = 0; i < 190; i++)
            {
                Assert.True((await changes.CreateAsync(admin, Inputs.Credential($"Seed {i}"))).Succeeded);
            }
        }

        using var start = new ManualResetEventSlim();
        var creates = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            start.Wait();
            using var scope = (i % 2 == 0 ? instances.A : instances.B).Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<CredentialChanges>().CreateAsync(admin, Inputs.Credential($"Race {i}"));
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(creates);

        Assert.Equal(10, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(OperationErrorKind.LimitReached, r.Error!.Kind));
        await using var db = await DbAsync(instances.B);
        Assert.Equal(200, await db.Credentials.CountAsync(c => c.TeamId == admin.TeamId));
    }

    [Fact]
    public async Task EditsOfOneCredentialFromTheSameVersionOnBothInstancesShouldRefuseTheSecond()
    {
        await using var instances = await TwoInstances.StartAsync();
        var admin = await OwnerAsync(instances.A);
        using var scopeA = instances.A.Services.CreateScope();
        using var scopeB = instances.B.Services.CreateScope();
        var created = (await scopeA.ServiceProvider.GetRequiredService<CredentialChanges>().CreateAsync(admin, Inputs.Credential("Shared"))).ValueOrFail();
        var onA = await EditAsync(scopeA, admin, created, "Renamed on A");
        var onB = await EditAsync(scopeB, admin, created, "Renamed on B");

        var edits = await Task.WhenAll(
            scopeA.ServiceProvider.GetRequiredService<CredentialEditor>().UpdateAsync(admin, created.Id, onA, created.Version),
            scopeB.ServiceProvider.GetRequiredService<CredentialEditor>().UpdateAsync(admin, created.Id, onB, created.Version));

        var saved = Assert.Single(edits, e => e.Succeeded);
        Assert.Equal(OperationErrorKind.Concurrency, Assert.Single(edits, e => !e.Succeeded).Error!.Kind);
        await using var db = await DbAsync(instances.B);
        Assert.Equal(saved.Value!.Name, (await db.Credentials.SingleAsync()).Name);
    }

    [Fact]
    public async Task SetupFormsPostedToBothInstancesAtOnceShouldMakeOneOwner()
    {
        await using var instances = await TwoInstances.StartAsync();

        var posts = await Task.WhenAll(
            AccountForms.SetupAsync(TwoInstances.Client(instances.A), email: "a@example.com", team: "Team A"),
            AccountForms.SetupAsync(TwoInstances.Client(instances.B), email: "b@example.com", team: "Team B"));

        Assert.All(posts, p => Assert.True(p.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, p.StatusCode.ToString()));
        await using var db = await DbAsync(instances.A);
        var owner = Assert.Single(await db.Users.ToListAsync());
        Assert.Equal(owner.Id, Assert.Single(await db.TeamMembers.ToListAsync()).UserId);
        Assert.Single(await db.Teams.ToListAsync());
    }

    [Fact]
    public async Task AnInvitationCreatedOnOneInstanceShouldBeAcceptedOnTheOther()
    {
        await using var instances = await TwoInstances.StartAsync();
        var admin = await OwnerAsync(instances.A);
        NewInvitation invitation;
        using (var scope = instances.A.Services.CreateScope())
        {
            invitation = (await scope.ServiceProvider.GetRequiredService<InvitationService>().InviteAsync(admin, "new@example.com", TeamRole.Viewer)).ValueOrFail();
        }

        var accepted = await AccountForms.PostAsync(TwoInstances.Client(instances.B), $"/account/invitation/{invitation.Token}", "invitation-password",
            new Dictionary<string, string> { ["Input.Password"] = "Invited-Passw0rd!", ["Input.ConfirmPassword"] = "Invited-Passw0rd!" });
        var signIn = await AccountForms.LoginAsync(TwoInstances.Client(instances.A), "new@example.com", "Invited-Passw0rd!");

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using var check = instances.A.Services.CreateScope();
        var members = await check.ServiceProvider.GetRequiredService<TeamService>().ListMembersAsync(admin);
        Assert.Contains(members, m => m.Email == "new@example.com" && m.Role == TeamRole.Viewer);
    }

    [Fact]
    public async Task SignOutEverywhereOnOneInstanceShouldEndTheSessionOnTheOther()
    {
        await using var instances = await TwoInstances.StartAsync(new Dictionary<string, string?> { ["AgentHub:Accounts:RevalidationInterval"] = "00:00:01" });
        var onA = await AccountForms.SignedInClientAsync(instances.A);
        var onB = TwoInstances.Client(instances.B);
        Assert.Equal(HttpStatusCode.Redirect, (await AccountForms.LoginAsync(onB)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onB.SendAsync(AccountForms.PageRequest("/agent-hub/credentials"))).StatusCode);

        await AccountForms.PostAsync(onA, "/account/sign-out-everywhere", "sign-out-everywhere", new Dictionary<string, string>());
        var refused = await TwoInstances.UntilAsync(
            async () => (await onB.SendAsync(AccountForms.PageRequest("/agent-hub/credentials"))).Headers.Location?.PathAndQuery.StartsWith("/account/login") == true, Deadline);

        Assert.NotNull(refused);
    }

    [Fact]
    public async Task ARoleChangedOnOneInstanceShouldBindTheMemberOnTheOther()
    {
        await using var instances = await TwoInstances.StartAsync();
        var admin = await OwnerAsync(instances.A);
        using var scopeA = instances.A.Services.CreateScope();
        using var scopeB = instances.B.Services.CreateScope();
        var invitations = scopeA.ServiceProvider.GetRequiredService<InvitationService>();
        var token = (await invitations.InviteAsync(admin, "second@example.com", TeamRole.Admin)).ValueOrFail().Token;
        var second = (await invitations.AcceptAsNewAccountAsync(
            scopeA.ServiceProvider.GetRequiredService<UserManager<AgentHubUser>>(), token, "Second-Passw0rd!")).ValueOrFail();
        var asSecond = new Actor(second.Id, admin.TeamId);
        Assert.True((await scopeB.ServiceProvider.GetRequiredService<CredentialChanges>().CreateAsync(asSecond, Inputs.Credential("Before"))).Succeeded);

        Assert.True((await scopeA.ServiceProvider.GetRequiredService<TeamService>().ChangeRoleAsync(admin, second.Id, TeamRole.Viewer)).Succeeded);
        var after = await scopeB.ServiceProvider.GetRequiredService<CredentialChanges>().CreateAsync(asSecond, Inputs.Credential("After"));

        Assert.False(after.Succeeded);
        Assert.Equal(OperationErrorKind.Forbidden, after.Error!.Kind);
    }

    [Fact]
    public async Task AnAgentKeyRevokedOnOneInstanceShouldBeRefusedByTheOthersGatewayWithinASecondOrSo()
    {
        await using var instances = await TwoInstances.StartAsync(fakes: fakes);
        var (gateway, agent) = await AgentOnBAsync(instances);

        using (var scope = instances.A.Services.CreateScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<AgentKeyService>();
            var key = Assert.Single(await service.ListAsync(gateway.Admin));
            Assert.True((await service.RevokeAsync(gateway.Admin, key.Id)).Succeeded);
        }

        // The refresher polls the stamp every second; the rest of the deadline is margin for a loaded machine.
        var refusedAfter = await TwoInstances.UntilAsync(
            async () => (await ChatAsync(agent, GatewayHarness.Alias)).StatusCode == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(3));

        Assert.NotNull(refusedAfter);
    }

    [Fact]
    public async Task AModelEditedOnOneInstanceShouldBeServedByTheOthersGatewayAsEdited()
    {
        await using var instances = await TwoInstances.StartAsync(fakes: fakes);
        var (gateway, agent) = await AgentOnBAsync(instances);

        using (var scope = instances.A.Services.CreateScope())
        {
            var edited = await scope.ServiceProvider.GetRequiredService<ModelChanges>().UpdateAsync(gateway.Admin, gateway.Model.Id, new ModelInput
            {
                CredentialId = gateway.Credential.Id, ModelId = gateway.Model.ModelId, Alias = "renamed-model",
            }, gateway.Model.Version);
            Assert.True(edited.Succeeded, edited.Error?.Message);
        }

        var served = await TwoInstances.UntilAsync(async () => (await ChatAsync(agent, "renamed-model")).StatusCode == HttpStatusCode.OK, Deadline);

        Assert.NotNull(served);
        Assert.Equal(HttpStatusCode.NotFound, (await ChatAsync(agent, GatewayHarness.Alias)).StatusCode);
    }

    /// <summary>The gateway seeded through A (credential, model, agent key) and an agent calling B, which answers it.</summary>
    private async Task<(GatewayHarness Gateway, HttpClient Agent)> AgentOnBAsync(TwoInstances instances)
    {
        var gateway = await GatewayHarness.SeedAsync(instances.A, fakes, ProviderIds.OpenAi);
        var agent = AgentClient(instances.B, gateway.AgentKey);
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(agent, GatewayHarness.Alias)).StatusCode);
        return (gateway, agent);
    }

    private static async Task<Actor> OwnerAsync(AgentHubAppFactory app)
    {
        await AccountForms.CreateOwnerAsync(app.Services);
        return await AccountForms.OwnerActorAsync(app.Services);
    }

    /// <summary>The edit form as an instance fills it from its own read of the credential, renamed.</summary>
    private static async Task<CredentialInput> EditAsync(IServiceScope scope, Actor admin, CredentialSummary credential, string name)
    {
        var input = (await scope.ServiceProvider.GetRequiredService<CredentialReader>().GetAsync(admin, credential.Id))!.ToInput();
        input.Name = name;
        return input;
    }

    private static async Task<AgentHubDbContext> DbAsync(WebApplicationFactory<Program> app) =>
        await app.Services.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContextAsync();

    private static HttpClient AgentClient(WebApplicationFactory<Program> app, string agentKey)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", agentKey);
        return client;
    }

    private static Task<HttpResponseMessage> ChatAsync(HttpClient agent, string model) =>
        agent.PostAsync("/v1/chat/completions", new StringContent(
            $$"""{"model":"{{model}}","messages":[{"role":"user","content":"Ping?"}]}""", Encoding.UTF8, "application/json"));
}
