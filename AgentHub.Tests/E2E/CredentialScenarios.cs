using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentHub.Tests.E2E;

/// <summary>The Credentials tab in the real app, in a real Chromium, against the fake providers.</summary>
public sealed class CredentialScenarios(AgentHubE2EFixture app) : E2EScenario(app)
{

    [Fact]
    public Task ACredentialOfEveryProviderShouldBeCreatedAndVerified() => Browser.RunAsync(nameof(ACredentialOfEveryProviderShouldBeCreatedAndVerified), async () =>
    {
        var page = Browser.Credentials;
        await page.GotoAsync();
        var fakes = App.Fakes;
        var cases = new (string Name, string Provider, Dictionary<string, string> Fields)[]
        {
            ("E2E OpenAI", "OpenAI", new() { ["API Key"] = fakes.OpenAi.ValidKey }),
            ("E2E Anthropic", "Anthropic", new() { ["API Key"] = fakes.Anthropic.ValidKey }),
            ("E2E Gemini", "Gemini", new() { ["API Key"] = fakes.Gemini.ValidKey }),
            ("E2E Fireworks", "Fireworks AI", new() { ["API Key"] = fakes.Fireworks.ValidKey }),
            ("E2E Vertex", "Vertex AI", new() { ["Service Account Key (JSON)"] = fakes.VertexAi.ServiceAccountJson() }),
            ("E2E Databricks", "Databricks", new() { ["API Key"] = fakes.Databricks.ValidKey, ["Workspace URL"] = fakes.Databricks.Root.AbsoluteUri }),
            ("E2E Bedrock", "AWS Bedrock", new() { ["API Key"] = fakes.Bedrock.ValidKey }),
            ("E2E Custom", "Custom", new() { ["Base URL"] = fakes.Custom.BaseUrl.AbsoluteUri, ["API Key"] = fakes.Custom.ValidKey }),
        };

        foreach (var (name, provider, fields) in cases)
        {
            await page.CreateAsync(name, provider, fields);
            await page.ExpectStatusAsync(name, "Verified");
        }

        await Expect(page.Main).ToContainTextAsync("8 / 200 credentials");
    });

    [Fact]
    public Task OpeningARowsActionsFromTheKeyboardShouldKeepTheFocusOnItsButton() => Browser.RunAsync(nameof(OpeningARowsActionsFromTheKeyboardShouldKeepTheFocusOnItsButton), async () =>
    {
        var page = Browser.Credentials;
        await page.GotoAsync();
        await page.CreateAsync("Keyboard OpenAI", "OpenAI", new Dictionary<string, string> { ["API Key"] = App.Fakes.OpenAi.ValidKey });
        await page.ExpectStatusAsync("Keyboard OpenAI", "Verified");
        var actions = page.Main.GetByRole(AriaRole.Button, new() { Name = "Actions for Keyboard OpenAI", Exact = true });

        // The row's plain button gives way to its menu's on the first open: the focus must follow, not fall to the body.
        await actions.FocusAsync();
        await page.Page.Keyboard.PressAsync("Enter");

        await Expect(page.Page.GetByRole(AriaRole.Menuitem, new() { Name = "Edit", Exact = true })).ToBeVisibleAsync();
        await Expect(actions).ToBeFocusedAsync();
    });

    [Fact]
    public Task AWrongKeyShouldShowFailedWithThePlainReasonAndReverifyShouldFixItOnceAccepted() => Browser.RunAsync(nameof(AWrongKeyShouldShowFailedWithThePlainReasonAndReverifyShouldFixItOnceAccepted), async () =>
    {
        var page = Browser.Credentials;
        await page.GotoAsync();
        const string Key = "sk-e2e-not-yet-accepted-4242";

        await page.CreateAsync("Pending key", "OpenAI", new Dictionary<string, string> { ["API Key"] = Key });

        await page.ExpectStatusAsync("Pending key", "Failed");
        await Expect(page.Row("Pending key").GetByLabel("Failed: OpenAI rejected the key", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(page.Page.GetByText("OpenAI rejected the key").First).ToBeVisibleAsync();

        App.Fakes.OpenAi.ValidKey = Key;
        await page.RowActionAsync("Pending key", "Re-verify");

        await page.ExpectStatusAsync("Pending key", "Verified");
        await page.ExpectHintAsync("Pending key", "…4242");
    });

    [Fact]
    public Task EditWithABadKeyShouldReportItAndKeepTheRowAsItWas() => Browser.RunAsync(nameof(EditWithABadKeyShouldReportItAndKeepTheRowAsItWas), async () =>
    {
        var page = Browser.Credentials;
        await page.GotoAsync();
        await page.CreateAsync("Prod Claude", "Anthropic", new Dictionary<string, string> { ["API Key"] = App.Fakes.Anthropic.ValidKey });
        await page.ExpectStatusAsync("Prod Claude", "Verified");

        // A new page (a new circuit) opening the edit dialog must receive nothing of the stored key.
        Browser.ForgetReceived();
        await page.GotoAsync();
        await page.RowActionAsync("Prod Claude", "Edit");
        await Expect(page.Dialog.GetByText("Leave blank to keep the current key")).ToBeVisibleAsync();
        await Expect(page.Dialog.GetByLabel("API Key", new() { Exact = true })).ToHaveValueAsync("");
        await Browser.AssertNotInBrowserAsync(App.Fakes.Anthropic.ValidKey, "with the edit dialog open", visibleText: "Leave blank to keep the current key");
        await page.FillAsync("API Key", "sk-ant-bad-new-key-000000", secret: true);
        await page.ClickDialogButtonAsync("Save");

        await Expect(page.Dialog).ToContainTextAsync("Anthropic rejected the key");
        await page.ClickDialogButtonAsync("Cancel");
        await page.ExpectDialogClosedAsync();
        await page.ExpectStatusAsync("Prod Claude", "Verified");
        await page.ExpectHintAsync("Prod Claude", "…" + App.Fakes.Anthropic.ValidKey[^4..]);
    });

    [Fact]
    public Task EditingOnlyTheNameShouldMakeNoProviderCall() => Browser.RunAsync(nameof(EditingOnlyTheNameShouldMakeNoProviderCall), async () =>
    {
        var page = Browser.Credentials;
        await page.GotoAsync();
        await page.CreateAsync("Gemini key", "Gemini", new Dictionary<string, string> { ["API Key"] = App.Fakes.Gemini.ValidKey });
        await page.ExpectStatusAsync("Gemini key", "Verified");
        var calls = App.Fakes.Gemini.Calls;

        await page.RowActionAsync("Gemini key", "Edit");
        await page.FillAsync("Name", "Gemini production");
        await page.ClickDialogButtonAsync("Save");
        await page.ExpectDialogClosedAsync();

        await page.ExpectStatusAsync("Gemini production", "Verified");
        Assert.Equal(calls, App.Fakes.Gemini.Calls);
    });

    [Fact]
    public Task ACustomEndpointOverHttpOrOnAPrivateAddressShouldBeRefused() => Browser.RunAsync(nameof(ACustomEndpointOverHttpOrOnAPrivateAddressShouldBeRefused), async () =>
    {
        var page = Browser.Credentials;
        await page.GotoAsync();

        await page.CreateButton.ClickAsync();
        await page.FillAsync("Name", "Plain HTTP");
        await page.ChooseAsync("Provider", "Custom");
        await page.FillAsync("Base URL", "http://llm.internal.example/v1");
        await page.ClickDialogButtonAsync("Create");
        await Expect(page.Dialog).ToContainTextAsync("Base URL must start with https://");
        await page.ClickDialogButtonAsync("Cancel");
        await page.ExpectDialogClosedAsync();

        await page.CreateAsync("Private network", "Custom", new Dictionary<string, string> { ["Base URL"] = "https://10.20.30.40/v1" });

        await page.ExpectStatusAsync("Private network", "Failed");
        await Expect(page.Page.GetByText("AgentHub:Network:AllowPrivateEndpoints").First).ToBeVisibleAsync();
    });

    [Fact]
    public Task AtTheLimitCreateShouldBeDisabledAndSayWhy() => Browser.RunAsync(nameof(AtTheLimitCreateShouldBeDisabledAndSayWhy), async () =>
    {
        var credentials = App.Service<AgentHub.Core.Credentials.CredentialChanges>();
        var team = await App.OwnerAsync();
        for (var i = 0; i < 199; i++)
        {
            var key = $"sk-seeded-key-{i:0000000000}";
            var seeded = await credentials.CreateAsync(team, new() { Name = $"Seeded {i:000}", ProviderId = ProviderIds.OpenAi, Values = { ["apiKey"] = key } });
            Assert.True(seeded.Succeeded, seeded.Error?.Message);
            Browser.Remember(key);
        }

        var page = Browser.Credentials;
        await page.GotoAsync();
        await Expect(page.Main).ToContainTextAsync("199 / 200 credentials");

        await page.CreateAsync("The 200th", "Gemini", new Dictionary<string, string> { ["API Key"] = App.Fakes.Gemini.ValidKey });

        await Expect(page.Main).ToContainTextAsync("200 / 200 credentials");
        await Expect(page.CreateButton).ToBeDisabledAsync();
        await Expect(page.Main).ToContainTextAsync("Limit reached: delete a credential you no longer use to create another.");
    });

    [Fact]
    public Task ATabsRowsShouldComeInTheSameRenderAsItsTable() => Browser.RunAsync(nameof(ATabsRowsShouldComeInTheSameRenderAsItsTable), async () =>
    {
        await OpenAfreshWithAVerifiedCredentialAsync("Drawn with its table");

        // The circuit's first render of the tab draws its table (the header; the prerendered page holds a progress bar) and, in the
        // same message, its rows: not a progress bar first and the rows in a second round trip.
        var received = Browser.Received.ToList();
        var table = received.FindIndex(m => m.Contains("Last verified", StringComparison.Ordinal));
        Assert.True(table >= 0, "No message drew the table's header.");
        Assert.Contains("Drawn with its table", received[table], StringComparison.Ordinal);
    });

    [Fact]
    public Task AnOpenedTabShouldNotRenderAgainOnItsOwn() => Browser.RunAsync(nameof(AnOpenedTabShouldNotRenderAgainOnItsOwn), async () =>
    {
        await OpenAfreshWithAVerifiedCredentialAsync("Drawn once");
        await Browser.WaitForQuietCircuitAsync();

        // Every render the circuit sends after the first one is a message the admin's first click queues behind.
        // MudTabs sent a dozen as the page opened (it measured its headers in the browser and drew them again); what
        // follows now is four small ones (the authentication state and the search field's first render, no or one
        // attribute each), and the bound leaves room for two more.
        var renders = Browser.Received.Where(m => m.Contains("JS.RenderBatch", StringComparison.Ordinal)).ToList();
        var first = renders.FindIndex(m => m.Contains("Last verified", StringComparison.Ordinal));
        Assert.True(first >= 0, "No render drew the table.");
        var after = renders.Count - first - 1;
        Assert.True(after <= 6, $"{after} renders followed the first one.");
    });

    [Fact]
    public Task TheTabStripShouldAnswerTheKeyboardAndTheBackButton() => Browser.RunAsync(nameof(TheTabStripShouldAnswerTheKeyboardAndTheBackButton), async () =>
    {
        await Browser.Credentials.GotoAsync();
        ILocator Tab(string name) => Browser.Page.GetByRole(AriaRole.Tab, new() { Name = name, Exact = true });

        await Tab("Credentials").FocusAsync();
        await Browser.Page.Keyboard.PressAsync("ArrowRight");
        await Expect(Tab("Models")).ToBeFocusedAsync();
        await Browser.Page.Keyboard.PressAsync("End");
        await Expect(Tab("Alerts")).ToBeFocusedAsync();
        await Browser.Page.Keyboard.PressAsync("ArrowRight");
        await Expect(Tab("Credentials")).ToBeFocusedAsync();
        await Browser.Page.Keyboard.PressAsync("ArrowLeft");
        await Expect(Tab("Alerts")).ToBeFocusedAsync();
        await Browser.Page.Keyboard.PressAsync("Home");
        await Expect(Tab("Credentials")).ToBeFocusedAsync();
        // Moving the focus opens nothing; Space opens the focused tab.
        await Expect(Browser.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/agent-hub/credentials$"));
        await Browser.Page.Keyboard.PressAsync("End");
        await Browser.Page.Keyboard.PressAsync(" ");

        await Expect(Browser.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/agent-hub/alerts$"));
        await Expect(Tab("Alerts")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Browser.Page.GetByLabel("Webhook URL")).ToBeVisibleAsync();

        await Browser.Page.GoBackAsync();
        await Expect(Browser.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/agent-hub/credentials$"));
        await Expect(Tab("Credentials")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Browser.Page.GetByLabel("Webhook URL")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task ReloadingTheModelsTabShouldStayOnIt() => Browser.RunAsync(nameof(ReloadingTheModelsTabShouldStayOnIt), async () =>
    {
        var models = Browser.Models;
        await Browser.Credentials.GotoAsync();
        await Browser.Page.GetByRole(AriaRole.Tab, new() { Name = "Models" }).ClickAsync();
        await Expect(Browser.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/agent-hub/models$"));

        await Browser.Page.ReloadAsync();
        await models.WaitForCircuitAsync();

        await Expect(Browser.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/agent-hub/models$"));
        await Expect(models.ConnectButton).ToBeVisibleAsync();
        await Expect(Browser.Page.GetByRole(AriaRole.Tab, new() { Name = "Models" })).ToHaveAttributeAsync("aria-selected", "true");
    });

    [Fact]
    public Task ASlowProviderShouldNotHoldTheCreateDialogOrThePage() => Browser.RunAsync(nameof(ASlowProviderShouldNotHoldTheCreateDialogOrThePage), async () =>
    {
        var page = Browser.Credentials;
        await page.GotoAsync();
        await page.CreateAsync("Other", "Anthropic", new Dictionary<string, string> { ["API Key"] = App.Fakes.Anthropic.ValidKey });
        await page.ExpectStatusAsync("Other", "Verified");
        // The fake holds the answer past the app's 5 s verification timeout.
        App.Fakes.OpenAi.Answer = FakeAnswer.Slow;

        await page.CreateAsync("Slow OpenAI", "OpenAI", new Dictionary<string, string> { ["API Key"] = App.Fakes.OpenAi.ValidKey }, expectClosed: false);
        await Expect(page.Dialog).ToContainTextAsync("Verifying with OpenAI…");
        await page.ClickDialogButtonAsync("Continue in background");

        await page.ExpectDialogClosedAsync();
        await page.ExpectStatusAsync("Slow OpenAI", "Verifying");
        await page.RowActionAsync("Other", "Edit");
        await Expect(page.Dialog).ToContainTextAsync("Edit Other");
        await page.ClickDialogButtonAsync("Cancel");
        await page.ExpectDialogClosedAsync();
        await page.ExpectStatusAsync("Slow OpenAI", "Failed");
        await Expect(page.Page.Locator(".mud-snackbar").Filter(new() { HasText = "'Slow OpenAI' is Failed: OpenAI did not answer in time" })).ToBeVisibleAsync();
    });

    /// <summary>Creates a verified credential, then opens the tab again in a new circuit, what it sends recorded from the start.</summary>
    private async Task OpenAfreshWithAVerifiedCredentialAsync(string name)
    {
        var page = Browser.Credentials;
        await page.GotoAsync();
        await page.CreateAsync(name, "Anthropic", new Dictionary<string, string> { ["API Key"] = App.Fakes.Anthropic.ValidKey });
        await page.ExpectStatusAsync(name, "Verified");

        Browser.ForgetReceived();
        await page.GotoAsync();
        await page.ExpectStatusAsync(name, "Verified");
    }
}
