using AgentHub.Web.Components.Pages.AgentHub.Credentials;
using Bunit;
using MudBlazor;

namespace AgentHub.Tests.Web.Credentials;

/// <summary>The Credentials tab against the real services and a real SQLite file; verification is scripted here.</summary>
public sealed class CredentialsTabTests : IAsyncLifetime
{
    private const string GoodKey = "sk-good-key-000000009f3c";
    private MudTestContext _mud = null!;

    public async Task InitializeAsync()
    {
        _mud = await MudTestContext.CreateAsync();
        _mud.Store.Verifier.AcceptOnlyKey(GoodKey);
    }

    public async Task DisposeAsync() => await _mud.DisposeAsync();

    private CredentialsTabDriver Open() => new(_mud.Context);

    [Fact]
    public void AnEmptyTeamShouldSeeWhatACredentialIsAndOneCreateButton()
    {
        var page = Open();

        page.Tab.WaitForAssertion(() => Assert.Contains("No credentials yet", page.Tab.Markup));
        Assert.Contains("A credential holds a model provider's key", page.Tab.Markup);
        Assert.Contains("0 / 200 credentials", page.Tab.Markup);
        Assert.False(page.CreateButton.HasAttribute("disabled"));
    }

    [Fact]
    public async Task TheTableShouldShowEveryColumnOfACredential()
    {
        var credential = await _mud.Store.CreateVerifiedAsync("Prod OpenAI", apiKey: GoodKey);
        await _mud.Store.ModelChanges.ConnectAsync(_mud.Store.Admin, new() { CredentialId = credential.Id, ModelId = "gpt-4o" });

        var page = Open();

        page.Tab.WaitForAssertion(() => Assert.Contains("Prod OpenAI", page.RowNames));
        var row = page.Row("Prod OpenAI");
        Assert.Equal("OpenAI", row[1]);
        Assert.Equal("Verified", row[3]);
        Assert.Equal("…9f3c", row[4]);
        Assert.Equal("1", row[5]);
        Assert.EndsWith("UTC", row[6]);
        Assert.EndsWith("UTC", row[7]);
        Assert.Equal(["Name", "Provider", "Description", "Status", "Key", "Models", "Last verified", "Updated", "Actions"],
            page.Tab.FindAll("thead th").Select(th => th.TextContent.Trim()));
        Assert.Contains("1 / 200 credentials", page.Tab.Markup);
    }

    [Fact]
    public async Task CreatingThroughTheDialogShouldStoreVerifyAndListTheCredential()
    {
        var page = Open();
        page.Tab.WaitForAssertion(() => page.ClickCreate());

        page.Dialogs.WaitForAssertion(() => Assert.True(page.DialogOpen));
        page.Fill("Name", "Team OpenAI");
        page.Fill("Description", "Research org");
        page.ChooseProvider("OpenAI");
        page.Dialogs.WaitForAssertion(() => Assert.Contains("API Key", page.FieldLabels));
        page.Fill("API Key", GoodKey);
        page.ClickDialogButton("Create");

        page.Tab.WaitForAssertion(() => Assert.Contains("Team OpenAI", page.RowNames));
        Assert.False(page.DialogOpen);
        Assert.Equal("Verified", page.Row("Team OpenAI")[3]);
        Assert.Equal("Research org", page.Row("Team OpenAI")[2]);
    }

    public static TheoryData<string> ProviderNames => new(["OpenAI", "Anthropic", "Gemini", "Fireworks AI", "Vertex AI", "Databricks", "AWS Bedrock", "Custom"]);

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void ChoosingAProviderShouldRenderItsFieldsFromTheCatalogWithRequiredMarksAndHelp(string providerName)
    {
        var schema = _mud.Store.Services.GetRequiredService<ProviderCatalog>().All.Single(p => p.DisplayName == providerName);
        var page = Open();
        page.Tab.WaitForAssertion(() => page.ClickCreate());

        page.ChooseProvider(providerName);

        page.Dialogs.WaitForAssertion(() => Assert.All(schema.Fields.Where(f => f.Kind != FieldKind.Headers), f => Assert.Contains(f.Label, page.FieldLabels)), TimeSpan.FromSeconds(2));
        Assert.All(schema.Fields, f => Assert.Contains(f.HelpText, page.Dialogs.Find(".mud-dialog").TextContent));
        Assert.All(schema.Fields.Where(f => f.Kind == FieldKind.Secret), f => Assert.Equal("password", page.Field(f.Label).GetAttribute("type")));
        Assert.All(schema.Fields.Where(f => f.Kind is not (FieldKind.Headers or FieldKind.Select)),
            f => Assert.Equal(f.Required, page.Field(f.Label).GetAttribute("aria-required") == "true"));
    }

    [Fact]
    public void ASecretFieldShouldToggleBetweenHiddenAndShown()
    {
        var page = Open();
        page.Tab.WaitForAssertion(() => page.ClickCreate());
        page.ChooseProvider("Anthropic");

        page.Dialogs.Find("button[aria-label='Show API Key']").Click();

        Assert.Equal("text", page.Field("API Key").GetAttribute("type"));
        page.Dialogs.Find("button[aria-label='Hide API Key']").Click();
        Assert.Equal("password", page.Field("API Key").GetAttribute("type"));
    }

    public static TheoryData<string, string, string, string> InvalidFields => new()
    {
        { "Custom", "Base URL", "http://llm.example.com/v1", "Base URL must start with https://" },
        { "Databricks", "Workspace URL", "dbc.example.com", "Workspace URL must be a full address starting with https://" },
        { "Vertex AI", "Service Account Key (JSON)", "{\"type\":\"service_account\"}", "Service Account Key (JSON) has no \"project_id\"" },
        { "OpenAI", "Organization ID", "acme", "Organization ID starts with \"org-\"" },
        { "OpenAI", "API Key", "sk with spaces", "API Key contains spaces or line breaks" },
        { "Vertex AI", "Location", "Central US", "Location is a Google Cloud region" },
        { "Custom", "CA certificate (PEM)", "not a certificate", "CA certificate (PEM) must contain at least one -----BEGIN CERTIFICATE----- block" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public void EachValidationMessageShouldShowAtItsFieldAsTheAdminTypes(string provider, string label, string value, string message)
    {
        var page = Open();
        page.Tab.WaitForAssertion(() => page.ClickCreate());
        page.ChooseProvider(provider);

        page.Dialogs.WaitForAssertion(() => page.Fill(label, value));

        page.Dialogs.WaitForAssertion(() => Assert.Contains(message, page.Dialogs.Markup));
    }

    [Fact]
    public void SubmittingAnEmptyFormShouldNameEveryMissingFieldAndStoreNothing()
    {
        var page = Open();
        page.Tab.WaitForAssertion(() => page.ClickCreate());
        page.ChooseProvider("Databricks");

        page.ClickDialogButton("Create");

        page.Dialogs.WaitForAssertion(() => Assert.Contains("Name is required", page.Dialogs.Markup));
        Assert.Contains("API Key is required.", page.Dialogs.Markup);
        Assert.Contains("Workspace URL is required.", page.Dialogs.Markup);
        Assert.True(page.DialogOpen);
        Assert.Empty(_mud.Store.Verifier.Calls);
    }

    [Fact]
    public async Task ADuplicateNameShouldBeReportedAtTheNameField()
    {
        await _mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => page.ClickCreate());
        page.Fill("Name", "PROD");
        page.ChooseProvider("Gemini");
        page.Fill("API Key", GoodKey);

        page.ClickDialogButton("Create");

        page.Dialogs.WaitForAssertion(() => Assert.Contains("Name is already used by another credential", page.Dialogs.Markup));
        Assert.True(page.DialogOpen);
    }

    [Fact]
    public void EnterInASingleLineFieldShouldSubmitTheForm()
    {
        var page = Open();
        page.Tab.WaitForAssertion(() => page.ClickCreate());
        page.Fill("Name", "Via Enter");
        page.ChooseProvider("Gemini");
        page.Fill("API Key", GoodKey);

        page.Dialogs.Find("form").Submit();

        page.Tab.WaitForAssertion(() => Assert.Contains("Via Enter", page.RowNames));
    }

    [Fact]
    public void TheNameFieldShouldTakeFocusWhenTheDialogOpens()
    {
        var page = Open();
        page.Tab.WaitForAssertion(() => page.ClickCreate());

        page.Dialogs.WaitForAssertion(() => Assert.True(page.Dialogs.FindComponents<MudBlazor.MudTextField<string>>().First(f => f.Instance.Label == "Name").Instance.AutoFocus));
    }

    [Fact]
    public void AWrongKeyShouldLeaveTheCredentialListedAsFailedWithThePlainReason()
    {
        var page = Open();
        page.Tab.WaitForAssertion(() => page.ClickCreate());
        page.Fill("Name", "Typo key");
        page.ChooseProvider("OpenAI");
        page.Fill("API Key", "sk-typo-key-0000000000");

        page.ClickDialogButton("Create");

        page.Tab.WaitForAssertion(() => Assert.Contains("Typo key", page.RowNames));
        Assert.Equal("Failed", page.Row("Typo key")[3]);
        Assert.Contains("OpenAI rejected the key", page.Tab.Markup);
        page.Snackbars.WaitForAssertion(() => Assert.Contains("OpenAI rejected the key", page.Snackbars.Markup));
    }

    [Fact]
    public async Task TheRowMenuShouldOfferEditReverifyAndDeleteUnderItsAccessibleName()
    {
        await _mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => page.Tab.Find("button[aria-label='Actions for Prod']").Click());

        page.Popovers.WaitForAssertion(() => Assert.Equal(["Edit", "Re-verify", "Delete"], page.Popovers.FindAll(".mud-menu-item").Select(i => i.TextContent.Trim())));
    }

    [Fact]
    public async Task APageOfRowsShouldRenderNoMenuUntilARowsActionsAreOpened()
    {
        foreach (var name in new[] { "Alpha", "Beta", "Gamma" })
        {
            await _mud.Store.CreateVerifiedAsync(name, apiKey: GoodKey);
        }

        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Equal(["Alpha", "Beta", "Gamma"], page.RowNames));

        // Every row has its actions button, but no row pays for a menu (and its popover) it has not opened.
        Assert.Equal(3, page.Tab.FindAll("button[aria-label^='Actions for']").Count);
        Assert.Empty(page.Tab.FindComponents<MudMenu>());
        Assert.Empty(page.Tab.FindAll(".mud-menu"));

        page.RowAction("Beta", "Edit");

        page.Dialogs.WaitForAssertion(() => Assert.True(page.DialogOpen));
        Assert.Single(page.Tab.FindComponents<MudMenu>());
        Assert.Equal(3, page.Tab.FindAll("button[aria-label^='Actions for']").Count);
    }

    [Fact]
    public async Task TheEditDialogShouldHoldNoTraceOfTheStoredKey()
    {
        const string Secret = "sk-stored-secret-ABCDEF123456";
        const string HeaderSecret = "gw-stored-header-secret-777";
        _mud.Store.Verifier.Answer = (r, _) => Task.FromResult(VerificationResult.Verified(r.Schema.DisplayName));
        await _mud.Store.CreateVerifiedAsync("Gateway", ProviderIds.Custom, apiKey: Secret, values: new() { [FieldKeys.ExtraHeaders] = $"X-Gateway-Token: {HeaderSecret}" });
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
        await _mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
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
        await _mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        var calls = _mud.Store.Verifier.Calls.Count;
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("Prod", "Edit"));

        page.Dialogs.WaitForAssertion(() => page.Fill("Name", "Production"));
        page.ClickDialogButton("Save");

        page.Tab.WaitForAssertion(() => Assert.Contains("Production", page.RowNames));
        Assert.Equal(calls, _mud.Store.Verifier.Calls.Count);
        Assert.Equal("Verified", page.Row("Production")[3]);
    }

    [Fact]
    public async Task EditingWithANewGoodKeyShouldVerifyAndShowItsHint()
    {
        await _mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        const string NewKey = "sk-rotated-key-0000007e57";
        _mud.Store.Verifier.AcceptOnlyKey(NewKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("Prod", "Edit"));

        page.Dialogs.WaitForAssertion(() => page.Fill("API Key", NewKey));
        page.ClickDialogButton("Save");

        page.Tab.WaitForAssertion(() => Assert.Equal("…7e57", page.Row("Prod")[4]));
        Assert.Equal(NewKey, _mud.Store.Verifier.Calls.Last().Value(FieldKeys.ApiKey));
    }

    [Fact]
    public async Task EditingWithABadKeyShouldStayOpenWithTheReasonAndKeepTheOldValues()
    {
        await _mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("Prod", "Edit"));

        page.Dialogs.WaitForAssertion(() => page.Fill("API Key", "sk-bad-new-key-00000000"));
        page.Fill("Name", "Renamed");
        page.ClickDialogButton("Save");

        page.Dialogs.WaitForAssertion(() => Assert.Contains("OpenAI rejected the key", page.Dialogs.Markup));
        Assert.True(page.DialogOpen);
        Assert.Contains("Details", page.Dialogs.Markup);
        var stored = Assert.Single(await _mud.Store.CredentialReader.ListAsync(_mud.Store.Admin));
        Assert.Equal(("Prod", "…9f3c", CredentialStatus.Verified), (stored.Name, stored.SecretHint, stored.Status));
    }

    [Fact]
    public async Task AnEditSavedMeanwhileBySomeoneElseShouldBeReportedNotOverwritten()
    {
        var credential = await _mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("Prod", "Edit"));
        page.Dialogs.WaitForAssertion(() => page.Fill("Description", "Mine"));
        var other = (await _mud.Store.CredentialReader.GetAsync(_mud.Store.Admin, credential.Id))!.ToInput();
        other.Description = "Theirs";
        await _mud.Store.CredentialEditor.UpdateAsync(_mud.Store.Admin, credential.Id, other, credential.Version);

        page.ClickDialogButton("Save");

        page.Dialogs.WaitForAssertion(() => Assert.Contains("changed by someone else", page.Dialogs.Markup));
        Assert.Equal("Theirs", Assert.Single(await _mud.Store.CredentialReader.ListAsync(_mud.Store.Admin)).Description);
    }

    [Fact]
    public async Task DeleteShouldNameTheCredentialListItsModelsAndMakeThemInvalid()
    {
        var credential = await _mud.Store.CreateVerifiedAsync("Shared key", apiKey: GoodKey);
        foreach (var model in new[] { "gpt-4o", "gpt-4o-mini", "o3-mini" })
        {
            await _mud.Store.ModelChanges.ConnectAsync(_mud.Store.Admin, new() { CredentialId = credential.Id, ModelId = model });
        }

        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("Shared key", "Delete"));

        page.Dialogs.WaitForAssertion(() => Assert.Contains("Delete credential 'Shared key'?", page.Dialogs.Markup));
        Assert.Contains("3 models use this credential and will become invalid:", page.Dialogs.Markup);
        Assert.All(new[] { "gpt-4o", "gpt-4o-mini", "o3-mini" }, m => Assert.Contains(m, page.Dialogs.Markup));
        page.ClickDialogButton("Delete");

        page.Tab.WaitForAssertion(() => Assert.DoesNotContain("Shared key", page.RowNames));
        Assert.All(await _mud.Store.ModelReader.ListAsync(_mud.Store.Admin), m => Assert.Equal(AgentHub.Core.Models.ModelStatus.Invalid, m.Status));
    }

    [Fact]
    public async Task CancellingTheDeleteShouldKeepTheCredential()
    {
        await _mud.Store.CreateVerifiedAsync("Keep me", apiKey: GoodKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("Keep me", "Delete"));

        page.Dialogs.WaitForAssertion(() => page.ClickDialogButton("Cancel"));

        page.Dialogs.WaitForAssertion(() => Assert.False(page.DialogOpen));
        page.Tab.WaitForAssertion(() => Assert.Contains("1 / 200 credentials", page.Tab.Markup));
        Assert.Single(await _mud.Store.CredentialReader.ListAsync(_mud.Store.Admin));
        Assert.Contains("Keep me", page.RowNames);
    }

    [Fact]
    public async Task ReverifyShouldCallTheProviderAgainAndShowTheNewStatus()
    {
        _mud.Store.Verifier.AcceptOnlyKey("another-key-entirely-000");
        await _mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        _mud.Store.Verifier.AcceptOnlyKey(GoodKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Equal("Failed", page.Row("Prod")[3]));

        page.RowAction("Prod", "Re-verify");

        page.Tab.WaitForAssertion(() => Assert.Equal("Verified", page.Row("Prod")[3]));
    }

    [Fact]
    public async Task AReverifyInProgressShouldShowVerifyingAndLeaveOtherRowsUsable()
    {
        await _mud.Store.CreateVerifiedAsync("Slow one", apiKey: GoodKey);
        await _mud.Store.CreateVerifiedAsync("Other", apiKey: GoodKey);
        var gate = new TaskCompletionSource();
        _mud.Store.Verifier.Answer = async (r, _) =>
        {
            await gate.Task;
            return VerificationResult.Verified(r.Schema.DisplayName);
        };
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("Slow one", "Re-verify"));

        page.Tab.WaitForAssertion(() => Assert.Equal("Verifying", page.Row("Slow one")[3]));
        page.RowAction("Other", "Edit");
        page.Dialogs.WaitForAssertion(() => Assert.True(page.DialogOpen));
        gate.SetResult();
        page.Tab.WaitForAssertion(() => Assert.Equal("Verified", page.Row("Slow one")[3]));
    }

    [Fact]
    public async Task SearchShouldFilterByNameDescriptionAndProvider()
    {
        await _mud.Store.CreateVerifiedAsync("Alpha", apiKey: GoodKey);
        await _mud.Store.CreateVerifiedAsync("Beta", ProviderIds.Anthropic, apiKey: GoodKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Equal(2, page.RowNames.Count));

        page.Tab.Find("input[placeholder='Name, description or provider']").Input(ProviderIds.Anthropic);

        page.Tab.WaitForAssertion(() => Assert.Equal(["Beta"], page.RowNames));
    }

    [Fact]
    public async Task CancellingTheEditDialogShouldReadNoRows()
    {
        await _mud.Store.CreateVerifiedAsync("Alpha", apiKey: GoodKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Equal(["Alpha"], page.RowNames));
        var queries = page.Tab.Instance.PageQueries;

        page.RowAction("Alpha", "Edit");
        page.Dialogs.WaitForAssertion(() => Assert.True(page.DialogOpen));
        page.ClickDialogButton("Cancel");
        page.Dialogs.WaitForAssertion(() => Assert.False(page.DialogOpen));

        Assert.Equal(queries, page.Tab.Instance.PageQueries);
    }

    [Fact]
    public async Task AReverifyShouldUpdateItsRowInPlaceWithoutReadingThePageAgain()
    {
        await _mud.Store.CreateVerifiedAsync("Alpha", apiKey: GoodKey);
        await _mud.Store.CreateVerifiedAsync("Beta", apiKey: GoodKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Equal(["Alpha", "Beta"], page.RowNames));
        var queries = page.Tab.Instance.PageQueries;
        _mud.Store.Verifier.AcceptOnlyKey("sk-another-key-0000000000");

        page.RowAction("Beta", "Re-verify");

        page.Tab.WaitForAssertion(() => Assert.Equal("Failed", page.Row("Beta")[3]));
        Assert.Equal("Verified", page.Row("Alpha")[3]);
        Assert.Equal(queries, page.Tab.Instance.PageQueries);
    }

    [Fact]
    public async Task ATeamAtTheLimitShouldSeeCreateDisabledWithTheReason()
    {
        await using var mud = await MudTestContext.CreateAsync(new Dictionary<string, string?> { ["AgentHub:Limits:CredentialsPerTeam"] = "2" });
        await mud.Store.CreateVerifiedAsync("One");
        await mud.Store.CreateVerifiedAsync("Two");

        var page = new CredentialsTabDriver(mud.Context);

        page.Tab.WaitForAssertion(() => Assert.Contains("2 / 2 credentials", page.Tab.Markup));
        Assert.True(page.CreateButton.HasAttribute("disabled"));
        Assert.Contains("Limit reached: delete a credential you no longer use to create another.", page.Tab.Markup);
        Assert.Equal("credential-limit-reason", page.CreateButton.GetAttribute("aria-describedby"));
    }

    [Fact]
    public async Task ASlowProviderShouldShowProgressThenTheTimeoutsPlainMessage()
    {
        await using var mud = await MudTestContext.CreateAsync(new Dictionary<string, string?> { ["AgentHub:Verification:Timeout"] = "00:00:02" });
        mud.Store.Verifier.Answer = async (r, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return VerificationResult.Verified(r.Schema.DisplayName);
        };
        var page = new CredentialsTabDriver(mud.Context);
        page.Tab.WaitForAssertion(() => page.ClickCreate());
        page.Fill("Name", "Slow provider");
        page.ChooseProvider("Anthropic");
        page.Fill("API Key", GoodKey);

        page.ClickDialogButton("Create");

        page.Dialogs.WaitForAssertion(() => Assert.Contains("Verifying with Anthropic…", page.Dialogs.Markup));
        page.Tab.WaitForAssertion(() => Assert.Equal("Failed", page.Row("Slow provider")[3]), TimeSpan.FromSeconds(5));
        Assert.Contains("Anthropic did not answer in time", page.Tab.Markup);
    }

    [Fact]
    public void ExtraHeadersShouldBeEnteredAsNameAndValueRows()
    {
        _mud.Store.Verifier.Answer = (r, _) => Task.FromResult(VerificationResult.Verified(r.Schema.DisplayName));
        var page = Open();
        page.Tab.WaitForAssertion(() => page.ClickCreate());
        page.Fill("Name", "Gateway");
        page.ChooseProvider("Custom");
        page.Dialogs.WaitForAssertion(() => page.Fill("Base URL", "https://llm.example.com/v1"));

        page.ClickDialogButton("Add header");
        page.Fill("Header name 1", "X-Gateway-Token");
        page.Fill("Header value 1", "gw-row-secret-123");
        Assert.Equal("password", page.Field("Header value 1").GetAttribute("type"));
        page.ClickDialogButton("Create");

        page.Tab.WaitForAssertion(() => Assert.Contains("Gateway", page.RowNames));
        Assert.Equal("X-Gateway-Token: gw-row-secret-123", _mud.Store.Verifier.Calls.Last().Value(FieldKeys.ExtraHeaders));
    }

    [Fact]
    public void AServiceAccountKeyFileShouldFillTheKeyField()
    {
        _mud.Store.Verifier.Answer = (r, _) => Task.FromResult(VerificationResult.Verified(r.Schema.DisplayName));
        var page = Open();
        page.Tab.WaitForAssertion(() => page.ClickCreate());
        page.Fill("Name", "Vertex from file");
        page.ChooseProvider("Vertex AI");

        page.Dialogs.WaitForAssertion(() => page.Dialogs.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>()
            .UploadFiles(InputFileContent.CreateFromText(Inputs.ServiceAccountJson(), "service-account.json")));
        page.Dialogs.WaitForAssertion(() => Assert.Contains("service_account", page.Field("Service Account Key (JSON)").TextContent + page.Field("Service Account Key (JSON)").GetAttribute("value")));
        page.ClickDialogButton("Create");

        page.Tab.WaitForAssertion(() => Assert.Equal(Inputs.ServiceAccountEmail, page.Row("Vertex from file")[4]));
    }

    [Fact]
    public async Task AStoredOptionalSecretShouldBeRemovableOnEdit()
    {
        _mud.Store.Verifier.Answer = (r, _) => Task.FromResult(VerificationResult.Verified(r.Schema.DisplayName));
        await _mud.Store.CreateVerifiedAsync("Gateway", ProviderIds.Custom, apiKey: "sk-gateway-key-00000001");
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("Gateway", "Edit"));

        page.Dialogs.WaitForAssertion(() => page.Dialogs.FindAll("label").Single(l => l.TextContent.Trim() == "Remove the stored API Key")
            .QuerySelector("input[type=checkbox]")!.Change(true));
        page.ClickDialogButton("Save");

        page.Tab.WaitForAssertion(() => Assert.Equal("—", page.Row("Gateway")[4]));
        Assert.Null(_mud.Store.Verifier.Calls.Last().Value(FieldKeys.ApiKey));
    }

    [Fact]
    public async Task MovingTheBaseUrlWithoutTypingTheKeyAgainShouldBeRefusedAtTheFieldWithoutACall()
    {
        _mud.Store.Verifier.Answer = (r, _) => Task.FromResult(VerificationResult.Verified(r.Schema.DisplayName));
        await _mud.Store.CreateVerifiedAsync("Gateway", ProviderIds.Custom, apiKey: "sk-gateway-key-00000001");
        var calls = _mud.Store.Verifier.Calls.Count;
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("Gateway", "Edit"));

        page.Dialogs.WaitForAssertion(() => page.Fill("Base URL", "https://attacker.example.net/v1"));
        page.ClickDialogButton("Save");

        page.Dialogs.WaitForAssertion(() => Assert.Contains("Type the API Key again to use it at a new address", page.Dialogs.Markup));
        Assert.True(page.DialogOpen);
        Assert.Equal(calls, _mud.Store.Verifier.Calls.Count);
        var stored = await _mud.Store.CredentialReader.GetAsync(_mud.Store.Admin, Assert.Single(await _mud.Store.CredentialReader.ListAsync(_mud.Store.Admin)).Id);
        Assert.Equal("https://llm.example.com/v1", stored!.Settings[FieldKeys.BaseUrl]);
    }

    [Fact]
    public async Task AViewerShouldSeeTheTableWithoutAnyAction()
    {
        await _mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        var viewer = await _mud.Store.AddMemberAsync("viewer", AgentHub.Core.Teams.TeamRole.Viewer);
        ((FixedMember)_mud.Context.Services.GetRequiredService<AgentHub.Web.Accounts.ICurrentMember>()).Member =
            new AgentHub.Web.Accounts.Member(viewer, AgentHub.Core.Teams.TeamRole.Viewer);

        var page = Open();

        page.Tab.WaitForAssertion(() => Assert.Contains("Prod", page.RowNames));
        Assert.DoesNotContain(page.Tab.FindAll("button"), b => b.TextContent.Trim() == "Create");
        Assert.Empty(page.Tab.FindAll("button[aria-label^='Actions for']"));
    }
}
