using AgentHub.Web.Components.Pages.AgentHub.Credentials;
using AgentHub.Web.Components.Shared;
using Bunit;

namespace AgentHub.Tests.Web.Credentials;

/// <summary>
/// An open credential dialog keeps a draft of its non-secret fields in the browser, and a reload
/// reopens it from the draft, naming the secret fields to type again. The browser's storage is
/// bUnit's JS interop here; the real sessionStorage is covered by the restart E2E scenario.
/// </summary>
public sealed class CredentialDraftTests : IAsyncLifetime
{
    private const string Key = "sk-draft-secret-0000000042";
    private MudTestContext _mud = null!;

    public async Task InitializeAsync() => _mud = await MudTestContext.CreateAsync();

    public async Task DisposeAsync() => await _mud.DisposeAsync();

    private string DraftKey => DialogDrafts.KeyFor(_mud.Store.Admin, CredentialDraft.Tab);

    private IReadOnlyList<string> Saved => _mud.Context.JSInterop.Invocations
        .Where(i => i.Identifier == "agentHubDrafts.save").Select(i => (string)i.Arguments[1]!).ToList();

    private bool Cleared => _mud.Context.JSInterop.Invocations.Any(i => i.Identifier == "agentHubDrafts.clear" && (string?)i.Arguments[0] == DraftKey);

    private CredentialsTabDriver ReloadWith(CredentialDraft draft)
    {
        _mud.Context.JSInterop.Setup<string?>("agentHubDrafts.load", DraftKey).SetResult(DialogDrafts.Serialize(draft));
        return new CredentialsTabDriver(_mud.Context);
    }

    [Fact]
    public void TypingShouldKeepADraftOfTheNonSecretFieldsAndNeverTheKey()
    {
        var page = new CredentialsTabDriver(_mud.Context);
        page.Tab.WaitForAssertion(() => page.ClickCreate());

        page.Fill("Name", "Team OpenAI");
        page.Fill("Description", "Research org");
        page.ChooseProvider("OpenAI");
        page.WaitForField("Organization ID");
        page.Fill("Organization ID", "org-research");
        page.Fill("API Key", Key);

        page.Dialogs.WaitForAssertion(() => Assert.Contains(Saved, json => json.Contains("\"apiKey\"") && json.Contains("org-research")));
        var last = Saved[^1];
        Assert.Contains("Team OpenAI", last);
        Assert.Contains("Research org", last);
        Assert.All(_mud.Context.JSInterop.Invocations, i => Assert.DoesNotContain(Key, string.Join("|", i.Arguments)));
        Assert.All(_mud.Context.JSInterop.Invocations.Where(i => i.Identifier == "agentHubDrafts.save"), i => Assert.Equal(DraftKey, i.Arguments[0]));
    }

    [Fact]
    public void AnUntouchedDialogShouldKeepNoDraft()
    {
        var page = new CredentialsTabDriver(_mud.Context);
        page.Tab.WaitForAssertion(() => page.ClickCreate());

        page.Dialogs.WaitForAssertion(() => Assert.True(page.DialogOpen));

        Assert.Empty(Saved);
    }

    [Fact]
    public void AReloadShouldReopenTheCreateDialogWithWhatWasTypedAndAskForTheKeyAgain()
    {
        var page = ReloadWith(new CredentialDraft
        {
            Name = "Team OpenAI",
            Description = "Research org",
            ProviderId = ProviderIds.OpenAi,
            Values = new() { [FieldKeys.OrganizationId] = "org-research" },
            TypedSecrets = [FieldKeys.ApiKey],
        });

        page.Dialogs.WaitForAssertion(() => Assert.Contains("Create credential", page.Dialogs.Markup));
        page.WaitForField("API Key");
        Assert.Equal("Team OpenAI", page.Field("Name").GetAttribute("value"));
        Assert.Contains("Research org", page.Field("Description").TextContent + page.Field("Description").GetAttribute("value"));
        Assert.Equal("org-research", page.Field("Organization ID").GetAttribute("value"));
        Assert.Equal("", page.Field("API Key").GetAttribute("value") ?? "");
        Assert.Contains("what you typed is back, except API Key. Type it again: secret fields are never kept in the browser.", page.Dialogs.Markup);
        Assert.Contains("Type the API Key again: secret fields are never kept in the browser.", page.Dialogs.Markup);
    }

    [Fact]
    public async Task AReloadShouldReopenTheEditDialogWithTheTypedChanges()
    {
        var credential = await _mud.Store.CreateVerifiedAsync("Prod");
        var details = await _mud.Store.CredentialReader.GetAsync(_mud.Store.Admin, credential.Id);

        var page = ReloadWith(new CredentialDraft
        {
            CredentialId = credential.Id,
            Version = details!.Version,
            Name = "Prod renamed",
            Description = "Changed before the restart",
            ProviderId = ProviderIds.OpenAi,
        });

        page.Dialogs.WaitForAssertion(() => Assert.Contains("Edit Prod", page.Dialogs.Markup));
        page.Dialogs.WaitForAssertion(() => Assert.Equal("Prod renamed", page.Field("Name").GetAttribute("value")));
        Assert.Contains("The page reloaded (the app may have restarted): what you typed is back.", page.Dialogs.Markup);
        page.ClickDialogButton("Save");
        page.Tab.WaitForAssertion(() => Assert.Contains("Prod renamed", page.RowNames));
        Assert.True(Cleared);
    }

    [Fact]
    public async Task ARestoredEditShouldStillBeRefusedWhenTheCredentialChangedMeanwhile()
    {
        var credential = await _mud.Store.CreateVerifiedAsync("Prod");
        var before = await _mud.Store.CredentialReader.GetAsync(_mud.Store.Admin, credential.Id);
        var elsewhere = before!.ToInput();
        elsewhere.Description = "Changed by a colleague";
        Assert.True((await _mud.Store.CredentialEditor.UpdateAsync(_mud.Store.Admin, credential.Id, elsewhere, before.Version)).Succeeded);

        var page = ReloadWith(new CredentialDraft { CredentialId = credential.Id, Version = before.Version, Name = "Prod", Description = "Mine", ProviderId = ProviderIds.OpenAi });
        page.Dialogs.WaitForAssertion(() => Assert.Contains("Edit Prod", page.Dialogs.Markup));
        page.ClickDialogButton("Save");

        page.Dialogs.WaitForAssertion(() => Assert.Contains("changed", page.Dialogs.Markup));
        Assert.True(page.DialogOpen);
    }

    [Fact]
    public void CancelShouldForgetTheDraft()
    {
        var page = ReloadWith(new CredentialDraft { Name = "Half typed", ProviderId = ProviderIds.Gemini });
        page.Dialogs.WaitForAssertion(() => Assert.Contains("Create credential", page.Dialogs.Markup));

        page.ClickDialogButton("Cancel");

        page.Dialogs.WaitForAssertion(() => Assert.False(page.DialogOpen));
        page.Tab.WaitForAssertion(() => Assert.True(Cleared));
    }

    [Fact]
    public void CreateShouldForgetTheDraftAsSoonAsTheCredentialIsStored()
    {
        var answer = new TaskCompletionSource<AgentHub.Core.Verification.VerificationResult>();
        _mud.Store.Verifier.Answer = (_, _) => answer.Task;
        var page = ReloadWith(new CredentialDraft { Name = "Restored", ProviderId = ProviderIds.Gemini, TypedSecrets = [FieldKeys.ApiKey] });
        page.WaitForField("API Key");
        page.Fill("API Key", Key);

        page.ClickDialogButton("Create");

        page.Dialogs.WaitForAssertion(() => Assert.Contains("Verifying with Gemini…", page.Dialogs.Markup));
        Assert.True(Cleared);
        answer.SetResult(AgentHub.Core.Verification.VerificationResult.Verified("Gemini"));
    }
}
