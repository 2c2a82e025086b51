using AgentHub.Core.Verification.Http;
using AgentHub.Web.Components.Pages.AgentHub.Models;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace AgentHub.Tests.Web.Models;

/// <summary>The Models tab over the real services, with suggestions and Test answered by the fake providers.</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class ModelsTabTests(FakeProviders fakes) : IAsyncLifetime
{
    private MudTestContext _mud = null!;

    public async Task InitializeAsync()
    {
        fakes.ResetAll();
        var settings = fakes.OperatorSettings();
        settings["AgentHub:Verification:Timeout"] = "00:00:02";
        _mud = await MudTestContext.CreateAsync(settings, FakeProviders.TrustTheFakes, realVerifier: true);
    }

    public async Task DisposeAsync()
    {
        await _mud.DisposeAsync();
        fakes.ResetAll();
    }

    private TabDriver<ModelsTab> Open() => new(_mud.Context);

    private async Task<CredentialSummary> CredentialAsync(string name, string providerId = ProviderIds.OpenAi, bool valid = true)
    {
        var input = new CredentialInput { Name = name, ProviderId = providerId, Values = { [FieldKeys.ApiKey] = valid ? fakes.For(providerId).ValidKey : "sk-not-accepted-000000" } };
        var created = await _mud.Store.CredentialChanges.CreateAsync(_mud.Store.Admin, input);
        return (await _mud.Store.CredentialVerification.VerifyAsync(_mud.Store.Admin, created.ValueOrFail().Id)).ValueOrFail();
    }

    private async Task<ModelSummary> ModelAsync(CredentialSummary credential, string modelId) =>
        (await _mud.Store.ModelChanges.ConnectAsync(_mud.Store.Admin, new() { CredentialId = credential.Id, ModelId = modelId, Temperature = 0.3 })).ValueOrFail();

    /// <summary>The tab with the Connect Model dialog open on a Verified OpenAI credential, its suggestions loaded.</summary>
    private async Task<TabDriver<ModelsTab>> ConnectDialogWithSuggestionsAsync()
    {
        await CredentialAsync("Prod OpenAI");
        var page = Open();
        page.Tab.WaitForAssertion(() => page.TabButton("Connect Model").Click());
        page.WaitForField("Credential");
        page.Choose("Credential", "Prod OpenAI");
        page.Dialogs.WaitForAssertion(() => Assert.Contains("3 models offered by the provider", page.Dialogs.Markup));
        return page;
    }

    [Fact]
    public void AnEmptyTeamShouldSeeWhatAModelConnectionIs()
    {
        var page = Open();

        page.Tab.WaitForAssertion(() => Assert.Contains("No models connected yet", page.Tab.Markup));
        Assert.NotNull(page.TabButton("Connect Model"));
    }

    [Fact]
    public async Task TheTableShouldShowModelProviderCredentialParametersStatusAndDate()
    {
        await ModelAsync(await CredentialAsync("Prod OpenAI"), "gpt-4o");

        var page = Open();

        page.Tab.WaitForAssertion(() => Assert.Contains("gpt-4o", page.RowNames));
        var row = page.Row("gpt-4o");
        Assert.Equal(["gpt-4o", "OpenAI", "Prod OpenAI", "temperature 0.3", "Connected"], row.Take(5));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", row[5]);
        Assert.Equal(["Model", "Provider", "Credential", "Parameters", "Status", "Connected", "Alias", "Actions"], page.Tab.FindAll("thead th").Select(th => th.TextContent.Trim()));
    }

    [Fact]
    public async Task OnlyVerifiedCredentialsShouldBeSelectableAndOthersShownWithTheirStatus()
    {
        await CredentialAsync("Good key");
        await CredentialAsync("Bad key", valid: false);
        var page = Open();
        page.Tab.WaitForAssertion(() => page.TabButton("Connect Model").Click());

        page.WaitForField("Credential");
        page.OpenSelect("Credential");

        page.Popovers.WaitForAssertion(() => Assert.Equal(2, page.Popovers.FindAll(".mud-list-item").Count));
        var items = page.Popovers.FindAll(".mud-list-item");
        var bad = items.Single(i => i.TextContent.Contains("Bad key"));
        Assert.Contains("Failed", bad.TextContent);
        Assert.Contains("mud-list-item-disabled", bad.ClassName);
        Assert.DoesNotContain("mud-list-item-disabled", items.Single(i => i.TextContent.Contains("Good key")).ClassName);
    }

    [Fact]
    public async Task ConnectWithAnAliasAnotherModelUsesShouldShowTheReasonAtTheAliasField()
    {
        var credential = await CredentialAsync("Prod OpenAI");
        await ModelAsync(credential, "gpt-4o");
        var page = Open();
        page.Tab.WaitForAssertion(() => page.TabButton("Connect Model").Click());

        page.WaitForField("Credential");
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
        var page = Open();
        page.Tab.WaitForAssertion(() => page.TabButton("Connect Model").Click());
        page.WaitForField("Credential");
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
        fakes.OpenAi.Answer = FakeAnswer.ServerError;
        var page = Open();
        page.Tab.WaitForAssertion(() => page.TabButton("Connect Model").Click());

        page.WaitForField("Credential");
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
        var page = Open();
        page.Tab.WaitForAssertion(() => page.TabButton("Connect Model").Click());
        page.WaitForField("Credential");
        page.Choose("Credential", "Prod OpenAI");
        page.Fill("Model name or ID", "gpt-4o");

        page.Dialogs.WaitForAssertion(() => page.Fill(label, value));
        page.ClickDialogButton("Connect");

        page.Dialogs.WaitForAssertion(() => Assert.Contains(message, page.Dialogs.Find(".mud-dialog").TextContent));
        Assert.Empty(await _mud.Store.ModelReader.ListAsync(_mud.Store.Admin));
    }

    [Fact]
    public async Task TheRowMenuShouldOfferEditTestAndDelete()
    {
        await ModelAsync(await CredentialAsync("Prod OpenAI"), "gpt-4o");
        var page = Open();

        page.Tab.WaitForAssertion(() => page.Tab.Find("button[aria-label='Actions for gpt-4o']").Click());

        page.Popovers.WaitForAssertion(() => Assert.Equal(["Edit", "Test", "Delete"], page.Popovers.FindAll(".mud-menu-item").Select(i => i.TextContent.Trim())));
    }

    [Fact]
    public async Task TestShouldShowTheReplyAndTheLatency()
    {
        await ModelAsync(await CredentialAsync("Prod OpenAI"), "gpt-4o");
        var page = Open();

        page.Tab.WaitForAssertion(() => page.RowAction("gpt-4o", "Test"));

        page.Dialogs.WaitForAssertion(() => Assert.Contains("Pong", page.Dialogs.Markup));
        Assert.Matches(@"gpt-4o answered in \d+ ms", page.Dialogs.Find(".mud-dialog").TextContent);
        Assert.Equal("POST /v1/chat/completions", $"{fakes.OpenAi.Requests.Last().Method} {fakes.OpenAi.Requests.Last().Path}");
    }

    [Theory]
    [InlineData(FakeAnswer.InvalidKey, "InvalidKey", "rejected the key")]
    [InlineData(FakeAnswer.QuotaExhausted, "QuotaExhausted", "no quota or credit left")]
    [InlineData(FakeAnswer.RateLimited, "RateLimited", "rate-limiting")]
    [InlineData(FakeAnswer.PermissionDenied, "PermissionDenied", "refused access")]
    [InlineData(FakeAnswer.ServerError, "ProviderError", "internal error")]
    [InlineData(FakeAnswer.Html, "ProviderError", "not like OpenAI")]
    [InlineData(FakeAnswer.Redirect, "EndpointNotFound", "redirect")]
    [InlineData(FakeAnswer.Slow, "Timeout", "did not answer in time")]
    public async Task AFailedTestShouldShowTheErrorClassAndItsMessage(FakeAnswer answer, string outcome, string message)
    {
        await ModelAsync(await CredentialAsync("Prod OpenAI"), "gpt-4o");
        fakes.OpenAi.Answer = answer;
        var page = Open();

        page.Tab.WaitForAssertion(() => page.RowAction("gpt-4o", "Test"));

        page.Dialogs.WaitForAssertion(() => Assert.Contains(outcome, page.Dialogs.Find(".mud-dialog").TextContent), TimeSpan.FromSeconds(6));
        Assert.Contains(message, page.Dialogs.Find(".mud-dialog").TextContent);
        Assert.DoesNotContain("Pong", page.Dialogs.Markup);
    }

    [Fact]
    public async Task AModelWhoseCredentialWasDeletedShouldBeInvalidAndRecoverThroughEdit()
    {
        var first = await CredentialAsync("Old key");
        await CredentialAsync("New key");
        await ModelAsync(first, "gpt-4o");
        await _mud.Store.CredentialChanges.DeleteAsync(_mud.Store.Admin, first.Id);
        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Contains("Credential 'Old key' was deleted", page.Tab.Markup));
        Assert.Equal("Invalid", page.Tab.FindAll("tbody tr td")[4].QuerySelector(".mud-chip")!.TextContent.Trim());

        page.RowAction("gpt-4o", "Edit");
        page.WaitForField("Credential");
        page.Choose("Credential", "New key");
        page.ClickDialogButton("Save");

        page.Tab.WaitForAssertion(() => Assert.Equal(["gpt-4o", "OpenAI", "New key", "temperature 0.3", "Connected"], page.Row("gpt-4o").Take(5)));
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

    [Fact]
    public async Task AModelWhoseCredentialFailsShouldBeUnavailableUntilItVerifiesAgain()
    {
        var credential = await CredentialAsync("Rotating");
        await ModelAsync(credential, "gpt-4o");
        fakes.OpenAi.ValidKey = "a-key-that-was-rotated-00";
        await _mud.Store.CredentialVerification.VerifyAsync(_mud.Store.Admin, credential.Id);

        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Contains("Credential 'Rotating' is Failed", page.Tab.Markup));
        Assert.Contains("Unavailable", page.Row("gpt-4o")[4]);

        fakes.OpenAi.Reset();
        await _mud.Store.CredentialVerification.VerifyAsync(_mud.Store.Admin, credential.Id);
        page.Reload();
        page.Tab.WaitForAssertion(() => Assert.Equal("Connected", page.Row("gpt-4o")[4]));
    }

    [Fact]
    public async Task DeleteShouldConfirmFirstAndKeepTheCredential()
    {
        var credential = await CredentialAsync("Prod OpenAI");
        await ModelAsync(credential, "gpt-4o");
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("gpt-4o", "Delete"));

        page.Dialogs.WaitForAssertion(() => Assert.Contains("Delete model 'gpt-4o'?", page.Dialogs.Markup));
        page.ClickDialogButton("Delete");

        page.Tab.WaitForAssertion(() => Assert.Contains("No models connected yet", page.Tab.Markup));
        Assert.Equal(0, (await _mud.Store.CredentialReader.ListAsync(_mud.Store.Admin)).Single().ModelCount);
    }

    [Fact]
    public async Task SearchShouldFilterByModelProviderAndCredential()
    {
        await ModelAsync(await CredentialAsync("OpenAI key"), "gpt-4o");
        await ModelAsync(await CredentialAsync("Claude key", ProviderIds.Anthropic), "claude-sonnet-4-5");
        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Equal(2, page.RowNames.Count));

        page.Tab.Find("input[placeholder='Model, provider or credential']").Input("claude key");

        page.Tab.WaitForAssertion(() => Assert.Equal(["claude-sonnet-4-5"], page.RowNames));
    }

    [Fact]
    public async Task TheUrlsPageSortAndSearchShouldShowThatViewAndFollowTheSearchBox()
    {
        var credential = await CredentialAsync("OpenAI key");
        foreach (var i in Enumerable.Range(10, 30))
        {
            await ModelAsync(credential, $"gpt-{i}");
        }

        await ModelAsync(credential, "o1-mini");
        var navigation = _mud.Context.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("agent-hub/models?page=2&sort=model&desc=true&q=GPT");

        var page = Open();

        // 30 matches, newest model ID first: the second page of 25 holds the last five.
        page.Tab.WaitForAssertion(() => Assert.Equal(["gpt-14", "gpt-13", "gpt-12", "gpt-11", "gpt-10"], page.RowNames));
        Assert.Equal("GPT", page.Tab.Find("input[placeholder='Model, provider or credential']").GetAttribute("value"));

        page.Tab.Find("input[placeholder='Model, provider or credential']").Input("o1");

        page.Tab.WaitForAssertion(() => Assert.Equal(["o1-mini"], page.RowNames));
        page.Tab.WaitForAssertion(() => Assert.EndsWith("agent-hub/models?sort=model&desc=true&q=o1", navigation.Uri));
    }

    [Fact]
    public async Task CancellingConnectOrEditShouldReadNoRows()
    {
        await ModelAsync(await CredentialAsync("OpenAI key"), "gpt-4o");
        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Equal(["gpt-4o"], page.RowNames));
        var queries = page.Tab.Instance.PageQueries;

        page.Retry(() => page.TabButton("Connect Model").Click());
        page.Dialogs.WaitForAssertion(() => Assert.True(page.DialogOpen));
        page.ClickDialogButton("Cancel");
        page.Dialogs.WaitForAssertion(() => Assert.False(page.DialogOpen));
        page.RowAction("gpt-4o", "Edit");
        page.Dialogs.WaitForAssertion(() => Assert.True(page.DialogOpen));
        page.ClickDialogButton("Cancel");
        page.Dialogs.WaitForAssertion(() => Assert.False(page.DialogOpen));

        Assert.Equal(queries, page.Tab.Instance.PageQueries);
        Assert.Equal(["gpt-4o"], page.RowNames);
    }

    [Fact]
    public async Task AViewerShouldSeeTheModelsWithoutConnectOrActions()
    {
        await ModelAsync(await CredentialAsync("Prod OpenAI"), "gpt-4o");
        var viewer = await _mud.Store.AddMemberAsync("viewer", AgentHub.Core.Teams.TeamRole.Viewer);
        ((FixedMember)_mud.Context.Services.GetRequiredService<AgentHub.Web.Accounts.ICurrentMember>()).Member =
            new AgentHub.Web.Accounts.Member(viewer, AgentHub.Core.Teams.TeamRole.Viewer);

        var page = Open();

        page.Tab.WaitForAssertion(() => Assert.Contains("gpt-4o", page.RowNames));
        Assert.DoesNotContain(page.Tab.FindAll("button"), b => b.TextContent.Trim() == "Connect Model");
        Assert.Empty(page.Tab.FindAll("button[aria-label^='Actions for']"));
    }
}
