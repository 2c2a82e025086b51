using AgentHub.Web.Components.Pages.AgentHub.Credentials;
using Bunit;
using MudBlazor;

namespace AgentHub.Tests.Web.Credentials;

/// <summary>The Edit dialog against the real services: no trace of the stored key, what needs a new verification and what does not, and a concurrent edit.</summary>
public sealed class CredentialEditDialogTests : CredentialsTabTestBase
{
    [Fact]
    public async Task TheEditDialogShouldHoldNoTraceOfTheStoredKey()
    {
        const string Secret = "sk-stored-secret-ABCDEF123456";
        const string HeaderSecret = "gw-stored-header-secret-777";
        Mud.Store.Verifier.Answer = (r, _) => Task.FromResult(VerificationResult.Verified(r.Schema.DisplayName));
        await Mud.Store.CreateVerifiedAsync("Gateway", ProviderIds.Custom, apiKey: Secret, values: new() { [FieldKeys.ExtraHeaders] = $"X-Gateway-Token: {HeaderSecret}" });
        var page = Open();

        page.Tab.WaitForAssertion(() => page.RowAction("Gateway", "Edit"));

        page.Dialogs.WaitForAssertion(() => Assert.Contains("Leave blank to keep the current key", page.Dialogs.Markup));
        Assert.Equal("", page.Field("API Key").GetAttribute("value") ?? "");
        Assert.Contains("Leave blank to keep the current headers", page.Dialogs.Markup);
        foreach (var secret in new[] { Secret, HeaderSecret, Secret[^8..] })
        {
            Assert.DoesNotContain(secret, page.AllMarkup);
            Assert.DoesNotContain(secret, ComponentState.Dump(page.Dialogs.FindComponent<CredentialDialog>().Instance));
        }
    }

    [Fact]
    public async Task TheEditDialogShouldShowTheProviderButNotLetItChange()
    {
        await Mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        var page = Open();

        page.Tab.WaitForAssertion(() => page.RowAction("Prod", "Edit"));

        page.Dialogs.WaitForAssertion(() => Assert.Contains("The provider of a credential cannot be changed.", page.Dialogs.Markup));
        var provider = page.Dialogs.FindComponents<MudBlazor.MudSelect<string>>().Single(s => s.Instance.Label == "Provider");
        Assert.True(provider.Instance.Disabled);
        Assert.Contains("OpenAI", provider.Find(".mud-select").TextContent + provider.Find("input").GetAttribute("value"));
    }

    [Fact]
    public async Task EditingOnlyTheNameShouldSaveWithoutCallingTheProvider()
    {
        await Mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        var calls = Mud.Store.Verifier.Calls.Count;
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("Prod", "Edit"));

        page.Dialogs.WaitForAssertion(() => page.Fill("Name", "Production"));
        page.ClickDialogButton("Save");

        page.Tab.WaitForAssertion(() => Assert.Contains("Production", page.RowNames));
        Assert.Equal(calls, Mud.Store.Verifier.Calls.Count);
        Assert.Equal("Verified", page.Row("Production")[3]);
    }

    [Fact]
    public async Task EditingWithANewGoodKeyShouldVerifyAndShowItsHint()
    {
        await Mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        const string NewKey = "sk-rotated-key-0000007e57";
        Mud.Store.Verifier.AcceptOnlyKey(NewKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("Prod", "Edit"));

        page.Dialogs.WaitForAssertion(() => page.Fill("API Key", NewKey));
        page.ClickDialogButton("Save");

        page.Tab.WaitForAssertion(() => Assert.Equal("…7e57", page.Row("Prod")[4]));
        Assert.Equal(NewKey, Mud.Store.Verifier.Calls.Last().Value(FieldKeys.ApiKey));
    }

    [Fact]
    public async Task EditingWithABadKeyShouldStayOpenWithTheReasonAndKeepTheOldValues()
    {
        await Mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("Prod", "Edit"));

        page.Dialogs.WaitForAssertion(() => page.Fill("API Key", "sk-bad-new-key-00000000"));
        page.Fill("Name", "Renamed");
        page.ClickDialogButton("Save");

        page.Dialogs.WaitForAssertion(() => Assert.Contains("OpenAI rejected the key", page.Dialogs.Markup));
        Assert.True(page.DialogOpen);
        Assert.Contains("Details", page.Dialogs.Markup);
        var stored = Assert.Single(await Mud.Store.CredentialReader.ListAsync(Mud.Store.Admin));
        Assert.Equal(("Prod", "…9f3c", CredentialStatus.Verified), (stored.Name, stored.SecretHint, stored.Status));
    }

    [Fact]
    public async Task AnEditSavedMeanwhileBySomeoneElseShouldBeReportedNotOverwritten()
    {
        var credential = await Mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("Prod", "Edit"));
        page.Dialogs.WaitForAssertion(() => page.Fill("Description", "Mine"));
        var other = (await Mud.Store.CredentialReader.GetAsync(Mud.Store.Admin, credential.Id))!.ToInput();
        other.Description = "Theirs";
        await Mud.Store.CredentialEditor.UpdateAsync(Mud.Store.Admin, credential.Id, other, credential.Version);

        page.ClickDialogButton("Save");

        page.Dialogs.WaitForAssertion(() => Assert.Contains("changed by someone else", page.Dialogs.Markup));
        Assert.Equal("Theirs", Assert.Single(await Mud.Store.CredentialReader.ListAsync(Mud.Store.Admin)).Description);
    }

    [Fact]
    public async Task AStoredOptionalSecretShouldBeRemovableOnEdit()
    {
        Mud.Store.Verifier.Answer = (r, _) => Task.FromResult(VerificationResult.Verified(r.Schema.DisplayName));
        await Mud.Store.CreateVerifiedAsync("Gateway", ProviderIds.Custom, apiKey: "sk-gateway-key-00000001");
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("Gateway", "Edit"));

        page.Dialogs.WaitForAssertion(() => page.Dialogs.FindAll("label").Single(l => l.TextContent.Trim() == "Remove the stored API Key")
            .QuerySelector("input[type=checkbox]")!.Change(true));
        page.ClickDialogButton("Save");

        page.Tab.WaitForAssertion(() => Assert.Equal("—", page.Row("Gateway")[4]));
        Assert.Null(Mud.Store.Verifier.Calls.Last().Value(FieldKeys.ApiKey));
    }

    [Fact]
    public async Task MovingTheBaseUrlWithoutTypingTheKeyAgainShouldBeRefusedAtTheFieldWithoutACall()
    {
        Mud.Store.Verifier.Answer = (r, _) => Task.FromResult(VerificationResult.Verified(r.Schema.DisplayName));
        await Mud.Store.CreateVerifiedAsync("Gateway", ProviderIds.Custom, apiKey: "sk-gateway-key-00000001");
        var calls = Mud.Store.Verifier.Calls.Count;
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("Gateway", "Edit"));

        page.Dialogs.WaitForAssertion(() => page.Fill("Base URL", "https://attacker.example.net/v1"));
        page.ClickDialogButton("Save");

        page.Dialogs.WaitForAssertion(() => Assert.Contains("Type the API Key again to use it at a new address", page.Dialogs.Markup));
        Assert.True(page.DialogOpen);
        Assert.Equal(calls, Mud.Store.Verifier.Calls.Count);
        var stored = await Mud.Store.CredentialReader.GetAsync(Mud.Store.Admin, Assert.Single(await Mud.Store.CredentialReader.ListAsync(Mud.Store.Admin)).Id);
        Assert.Equal("https://llm.example.com/v1", stored!.Settings[FieldKeys.BaseUrl]);
    }
}
