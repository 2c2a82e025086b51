using AgentHub.Web.Components.Pages.AgentHub.Models;
using AgentHub.Web.Components.Shared;
using Bunit;

namespace AgentHub.Tests.Web.Models;

/// <summary>The connect / edit model dialog keeps a draft in the browser and a reload reopens it with what was typed.</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class ModelDraftTests(FakeProviders fakes) : IAsyncLifetime
{
    private MudTestContext _mud = null!;

    public async Task InitializeAsync()
    {
        fakes.ResetAll();
        _mud = await MudTestContext.CreateAsync(fakes.OperatorSettings(), FakeProviders.TrustTheFakes, realVerifier: true);
    }

    public async Task DisposeAsync()
    {
        await _mud.DisposeAsync();
        fakes.ResetAll();
    }

    private string DraftKey => DialogDrafts.KeyFor(_mud.Store.Admin, ModelDraft.Tab);

    private IReadOnlyList<string> Saved => _mud.Context.JSInterop.Invocations
        .Where(i => i.Identifier == "agentHubDrafts.save" && (string?)i.Arguments[0] == DraftKey).Select(i => (string)i.Arguments[1]!).ToList();

    private async Task<CredentialSummary> CredentialAsync(string name)
    {
        var input = new CredentialInput { Name = name, ProviderId = ProviderIds.OpenAi, Values = { [FieldKeys.ApiKey] = fakes.OpenAi.ValidKey } };
        var created = await _mud.Store.CredentialChanges.CreateAsync(_mud.Store.Admin, input);
        return (await _mud.Store.CredentialVerification.VerifyAsync(_mud.Store.Admin, created.ValueOrFail().Id)).ValueOrFail();
    }

    [Fact]
    public async Task TypingInTheConnectDialogShouldKeepADraft()
    {
        await CredentialAsync("Prod OpenAI");
        var page = new TabDriver<ModelsTab>(_mud.Context);
        page.Tab.WaitForAssertion(() => page.TabButton("Connect Model").Click());
        page.WaitForField("Credential");

        page.Choose("Credential", "Prod OpenAI");
        page.Fill("Additional parameters", "{\"seed\": 42}");

        page.Dialogs.WaitForAssertion(() => Assert.Contains(Saved, json => json.Contains("seed") && json.Contains("CredentialId")));
    }

    [Fact]
    public async Task AReloadShouldReopenTheConnectDialogWithWhatWasTyped()
    {
        var credential = await CredentialAsync("Prod OpenAI");
        var draft = new ModelDraft { CredentialId = credential.Id, ModelId = "gpt-4o-mini", Temperature = 0.7, AdditionalParameters = "{\"seed\": 42}" };
        _mud.Context.JSInterop.Setup<string?>("agentHubDrafts.load", DraftKey).SetResult(DialogDrafts.Serialize(draft));

        var page = new TabDriver<ModelsTab>(_mud.Context);

        page.Dialogs.WaitForAssertion(() => Assert.Contains("The page reloaded (the app may have restarted): what you typed is back.", page.Dialogs.Markup));
        page.WaitForField("Model name or ID");
        Assert.Equal("gpt-4o-mini", page.Field("Model name or ID").GetAttribute("value"));
        Assert.Equal("0.7", page.Field("Temperature").GetAttribute("value"));
        Assert.Equal("Prod OpenAI", page.Field("Credential").GetAttribute("value"));
        page.ClickDialogButton("Connect");
        page.Tab.WaitForAssertion(() => Assert.Contains("gpt-4o-mini", page.RowNames));
        Assert.Contains(_mud.Context.JSInterop.Invocations, i => i.Identifier == "agentHubDrafts.clear" && (string?)i.Arguments[0] == DraftKey);
    }

    [Fact]
    public async Task AClickWhileTheDraftIsReadShouldLetTheDraftsDialogOpenAndOpenNothingElse()
    {
        var credential = await CredentialAsync("Prod OpenAI");
        var draft = new ModelDraft { CredentialId = credential.Id, ModelId = "gpt-4o-mini", AdditionalParameters = "{\"seed\": 42}" };
        var load = _mud.Context.JSInterop.Setup<string?>("agentHubDrafts.load", DraftKey);
        var page = new TabDriver<ModelsTab>(_mud.Context);
        page.Tab.WaitForAssertion(() => Assert.Contains(_mud.Context.JSInterop.Invocations, i => i.Identifier == "agentHubDrafts.load"));

        // The admin clicks while the page is still reading the draft kept before the reload.
        page.TabButton("Connect Model").Click();
        load.SetResult(DialogDrafts.Serialize(draft));

        page.WaitForField("Model name or ID");
        page.Dialogs.WaitForAssertion(() => Assert.Equal("gpt-4o-mini", page.Field("Model name or ID").GetAttribute("value")));
        Assert.Single(page.Dialogs.FindAll(".mud-dialog"));
        Assert.DoesNotContain(_mud.Context.JSInterop.Invocations, i => i.Identifier == "agentHubDrafts.clear");
    }
}
