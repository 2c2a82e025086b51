using AgentHub.Web.Components.Pages.AgentHub.Models;
using Bunit;

namespace AgentHub.Tests.Web.Models;

/// <summary>
/// What the Models tab's bUnit tests share: the real services over a fresh SQLite file with the real
/// verifier pointed at the fake providers, a credential and a model made through the services, and the tab's driver.
/// </summary>
public abstract class ModelsTabTestBase(FakeProviders fakes) : IAsyncLifetime
{
    /// <summary>The fake providers (shared by the collection, reset around each test).</summary>
    protected FakeProviders Fakes => fakes;

    /// <summary>The bUnit context over the real services.</summary>
    protected MudTestContext Mud { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        fakes.ResetAll();
        var settings = fakes.OperatorSettings();
        settings["AgentHub:Verification:Timeout"] = "00:00:02";
        Mud = await MudTestContext.CreateAsync(settings, FakeProviders.TrustTheFakes, realVerifier: true);
    }

    public async Task DisposeAsync()
    {
        await Mud.DisposeAsync();
        fakes.ResetAll();
    }

    protected TabDriver<ModelsTab> Open() => new(Mud.Context);

    protected async Task<CredentialSummary> CredentialAsync(string name, string providerId = ProviderIds.OpenAi, bool valid = true)
    {
        var input = new CredentialInput { Name = name, ProviderId = providerId, Values = { [FieldKeys.ApiKey] = valid ? Fakes.For(providerId).ValidKey : "sk-not-accepted-000000" } };
        var created = await Mud.Store.CredentialChanges.CreateAsync(Mud.Store.Admin, input);
        return (await Mud.Store.CredentialVerification.VerifyAsync(Mud.Store.Admin, created.ValueOrFail().Id)).ValueOrFail();
    }

    protected async Task<ModelSummary> ModelAsync(CredentialSummary credential, string modelId) =>
        (await Mud.Store.ModelChanges.ConnectAsync(Mud.Store.Admin, new() { CredentialId = credential.Id, ModelId = modelId, Temperature = 0.3 })).ValueOrFail();

    /// <summary>The tab with the Connect Model dialog open, its credentials loaded.</summary>
    protected TabDriver<ModelsTab> OpenConnectDialog()
    {
        var page = Open();
        page.Tab.WaitForAssertion(() => page.TabButton("Connect Model").Click());
        page.WaitForField("Credential");
        return page;
    }

    /// <summary>The tab with the Connect Model dialog open on a Verified OpenAI credential, its suggestions loaded.</summary>
    protected async Task<TabDriver<ModelsTab>> ConnectDialogWithSuggestionsAsync()
    {
        await CredentialAsync("Prod OpenAI");
        var page = OpenConnectDialog();
        page.Choose("Credential", "Prod OpenAI");
        page.Dialogs.WaitForAssertion(() => Assert.Contains("3 models offered by the provider", page.Dialogs.Markup));
        return page;
    }
}
