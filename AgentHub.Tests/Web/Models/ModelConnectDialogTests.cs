using Bunit;

namespace AgentHub.Tests.Web.Models;

/// <summary>The Connect model and Edit dialogs over the real services: which credentials can be chosen, the provider's suggestions, an ID typed at once, and each field's message.</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class ModelConnectDialogTests(FakeProviders fakes) : ModelsTabTestBase(fakes)
{
    [Fact]
    public async Task OnlyVerifiedCredentialsShouldBeSelectableAndOthersShownWithTheirStatus()
    {
        await CredentialAsync("Good key");
        await CredentialAsync("Bad key", valid: false);
        var page = OpenConnectDialog();
        page.OpenSelect("Credential");

        page.Popovers.WaitForAssertion(() => Assert.Equal(2, page.Popovers.FindAll(".mud-list-item").Count));
        var items = page.Popovers.FindAll(".mud-list-item");
        var bad = items.Single(i => i.TextContent.Contains("Bad key"));
        Assert.Contains("Failed", bad.TextContent);
        Assert.Contains("mud-list-item-disabled", bad.ClassName);
        Assert.DoesNotContain("mud-list-item-disabled", items.Single(i => i.TextContent.Contains("Good key")).ClassName);
    }

    [Fact]
    public async Task ClicksOnConnectModelWhileItsDialogIsOpenShouldOpenNoSecondDialog()
    {
        await CredentialAsync("Prod OpenAI");
        var page = OpenConnectDialog();

        // A double click, or clicks queued while the page was connecting.
        page.TabButton("Connect Model").Click();
        page.TabButton("Connect Model").Click();

        Assert.Single(page.Dialogs.FindAll(".mud-dialog"));
        page.ClickDialogButton("Cancel");
        page.Dialogs.WaitForAssertion(() => Assert.False(page.DialogOpen));

        // Closed, the button opens it again.
        page.TabButton("Connect Model").Click();
        page.Dialogs.WaitForAssertion(() => Assert.Single(page.Dialogs.FindAll(".mud-dialog")));
    }

    [Fact]
    public async Task ConnectWithAnAliasAnotherModelUsesShouldShowTheReasonAtTheAliasField()
    {
        var credential = await CredentialAsync("Prod OpenAI");
        await ModelAsync(credential, "gpt-4o");
        var page = OpenConnectDialog();
        page.Choose("Credential", "Prod OpenAI");
        page.Fill("Model name or ID", "gpt-4o-mini");
        page.Fill("Alias", "GPT-4o");
        page.ClickDialogButton("Connect");

        page.Dialogs.WaitForAssertion(() => Assert.Contains("Alias 'GPT-4o' is already used by another model", page.Dialogs.Markup));
        Assert.True(page.DialogOpen);
        Assert.Single(page.RowNames);
    }

    [Fact]
    public async Task ConnectShouldSuggestTheProvidersModelsAndStoreAConnectedModel()
    {
        var page = await ConnectDialogWithSuggestionsAsync();
        page.Fill("Model name or ID", "gpt-4o");
        page.Popovers.WaitForAssertion(() => Assert.Contains(page.Popovers.FindAll(".mud-list-item"), i => i.TextContent.Trim() == "gpt-4o-mini"));
        page.Fill("Max tokens", "256");
        page.ClickDialogButton("Connect");

        page.Tab.WaitForAssertion(() => Assert.Contains("gpt-4o", page.RowNames));
        Assert.Equal(["gpt-4o", "OpenAI", "Prod OpenAI", "max tokens 256", "Connected"], page.Row("gpt-4o").Take(5));
    }

    [Fact]
    public async Task TheNumberFieldsShouldHaveNoSpinButtonsButStepWithTheArrowKeys()
    {
        await CredentialAsync("Prod OpenAI");
        var page = OpenConnectDialog();

        // Two icon buttons a field, six in the dialog, drawn every time it opens (docs/performance.md, eleventh
        // session); the arrow keys still step the value.
        Assert.Empty(page.Dialogs.FindAll(".mud-input-numeric-spin"));
        page.Retry(() => page.Field("Top P").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "ArrowUp" }));
        page.Dialogs.WaitForAssertion(() => Assert.Equal("0.05", page.Field("Top P").GetAttribute("value")));
    }

    [Fact]
    public async Task AnIdTypedAndSubmittedAtOnceShouldArriveWhole()
    {
        // A paste then Enter (or a click on Connect) at once: the field's suggestion search has
        // not run yet, yet the text the admin sees is what must be connected.
        var page = await ConnectDialogWithSuggestionsAsync();

        page.Retry(() =>
        {
            page.Field("Model name or ID").Input("gpt-4o");
            page.Dialogs.Find("form").Submit();
        });

        page.Tab.WaitForAssertion(() => Assert.Contains("gpt-4o", page.RowNames));
        Assert.False(page.DialogOpen);
    }

    [Fact]
    public async Task AnIdTheProviderDoesNotListShouldWarnButStillConnect()
    {
        await CredentialAsync("Prod OpenAI");
        var page = OpenConnectDialog();
        page.Choose("Credential", "Prod OpenAI");
        page.Dialogs.WaitForAssertion(() => Assert.Contains("models offered", page.Dialogs.Markup));

        page.Fill("Model name or ID", "ft:gpt-4o:acme:private");
        page.Dialogs.WaitForAssertion(() => Assert.Contains("is not in the provider's model list", page.Dialogs.Markup));
        page.ClickDialogButton("Connect");

        page.Tab.WaitForAssertion(() => Assert.Contains("ft:gpt-4o:acme:private", page.RowNames));
    }

    [Fact]
    public async Task AModelListThatCannotBeReadShouldNotBlockTypingAnId()
    {
        await CredentialAsync("Prod OpenAI");
        Fakes.OpenAi.Answer = FakeAnswer.ServerError;
        var page = OpenConnectDialog();
        page.Choose("Credential", "Prod OpenAI");
        page.Dialogs.WaitForAssertion(() => Assert.Contains("could not be read", page.Dialogs.Markup));
        page.Fill("Model name or ID", "gpt-4o");
        page.ClickDialogButton("Connect");

        page.Tab.WaitForAssertion(() => Assert.Contains("gpt-4o", page.RowNames));
    }

    [Theory]
    [InlineData("Temperature", "3", "Temperature must be between 0 and 2")]
    [InlineData("Top P", "1.5", "Top P must be between 0 and 1")]
    [InlineData("Additional parameters", "[1, 2]", "Additional parameters must be a JSON object")]
    [InlineData("Additional parameters", "{\"messages\": []}", "Additional parameters must not set \"messages\"")]
    public async Task ParametersOutsideTheirRangeShouldBeNamedAtTheirField(string label, string value, string message)
    {
        await CredentialAsync("Prod OpenAI");
        var page = OpenConnectDialog();
        page.Choose("Credential", "Prod OpenAI");
        page.Fill("Model name or ID", "gpt-4o");

        page.Dialogs.WaitForAssertion(() => page.Fill(label, value));
        page.ClickDialogButton("Connect");

        page.Dialogs.WaitForAssertion(() => Assert.Contains(message, page.Dialogs.Find(".mud-dialog").TextContent));
        Assert.Empty(await Mud.Store.ModelReader.ListAsync(Mud.Store.Admin));
    }

    [Fact]
    public async Task EditShouldOfferOnlyCredentialsOfTheModelsProvider()
    {
        await ModelAsync(await CredentialAsync("OpenAI key"), "gpt-4o");
        await CredentialAsync("Claude key", ProviderIds.Anthropic);
        await CredentialAsync("Second OpenAI key");
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("gpt-4o", "Edit"));

        page.WaitForField("Credential");
        page.OpenSelect("Credential");

        page.Popovers.WaitForAssertion(() => Assert.Equal(2, page.Popovers.FindAll(".mud-list-item").Count));
        Assert.DoesNotContain(page.Popovers.FindAll(".mud-list-item"), i => i.TextContent.Contains("Claude key"));
    }
}
