using AgentHub.Web.Components.Pages.AgentHub.Credentials;
using Bunit;
using MudBlazor;

namespace AgentHub.Tests.Web.Credentials;

/// <summary>The Create credential dialog against the real services: fields from the catalog, validation at each field, submit, and what a failed or slow verification shows; verification is scripted here.</summary>
public sealed class CredentialCreateDialogTests : CredentialsTabTestBase
{
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

    [Fact]
    public void ClicksOnCreateWhileItsDialogIsOpenShouldOpenNoSecondDialog()
    {
        var page = Open();
        page.Tab.WaitForAssertion(() => page.ClickCreate());
        page.Dialogs.WaitForAssertion(() => Assert.True(page.DialogOpen));

        // A double click, or clicks queued while the page was connecting.
        page.CreateButton.Click();
        page.CreateButton.Click();

        Assert.Single(page.Dialogs.FindAll(".mud-dialog"));
        page.ClickDialogButton("Cancel");
        page.Dialogs.WaitForAssertion(() => Assert.False(page.DialogOpen));

        // Closed, the button opens it again.
        page.ClickCreate();
        page.Dialogs.WaitForAssertion(() => Assert.Single(page.Dialogs.FindAll(".mud-dialog")));
    }

    public static TheoryData<string> ProviderNames => new(["OpenAI", "Anthropic", "Gemini", "Fireworks AI", "Vertex AI", "Databricks", "AWS Bedrock", "Custom"]);

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void ChoosingAProviderShouldRenderItsFieldsFromTheCatalogWithRequiredMarksAndHelp(string providerName)
    {
        var schema = Mud.Store.Services.GetRequiredService<ProviderCatalog>().All.Single(p => p.DisplayName == providerName);
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
        Assert.Empty(Mud.Store.Verifier.Calls);
    }

    [Fact]
    public async Task ADuplicateNameShouldBeReportedAtTheNameField()
    {
        await Mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
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
        Mud.Store.Verifier.Answer = (r, _) => Task.FromResult(VerificationResult.Verified(r.Schema.DisplayName));
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
        Assert.Equal("X-Gateway-Token: gw-row-secret-123", Mud.Store.Verifier.Calls.Last().Value(FieldKeys.ExtraHeaders));
    }

    [Fact]
    public void AServiceAccountKeyFileShouldFillTheKeyField()
    {
        Mud.Store.Verifier.Answer = (r, _) => Task.FromResult(VerificationResult.Verified(r.Schema.DisplayName));
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
}
