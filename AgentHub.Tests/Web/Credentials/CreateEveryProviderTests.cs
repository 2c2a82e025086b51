using AgentHub.Core.Verification.Http;
using Bunit;

namespace AgentHub.Tests.Web.Credentials;

/// <summary>One credential of every provider created through the dialog and verified by the real client against its fake.</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class CreateEveryProviderTests(FakeProviders fakes)
{
    public static TheoryData<string, string> Providers => new()
    {
        { "openai", "OpenAI" }, { "anthropic", "Anthropic" }, { "gemini", "Gemini" }, { "fireworks", "Fireworks AI" },
        { "vertex-ai", "Vertex AI" }, { "databricks", "Databricks" }, { "bedrock", "AWS Bedrock" }, { "custom", "Custom" },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ACredentialCreatedThroughTheDialogShouldBeVerifiedByItsProvider(string providerId, string providerName)
    {
        fakes.ResetAll();
        await using var mud = await MudTestContext.CreateAsync(fakes.OperatorSettings(), FakeProviders.TrustTheFakes, realVerifier: true);
        var page = new CredentialsTabDriver(mud.Context);
        page.Tab.WaitForAssertion(() => page.ClickCreate());

        page.Fill("Name", $"{providerName} via dialog");
        page.ChooseProvider(providerName);
        page.Dialogs.WaitForAssertion(() => FillProviderFields(page, providerId));
        page.ClickDialogButton("Create");

        page.Tab.WaitForAssertion(() => Assert.Equal("Verified", page.Row($"{providerName} via dialog")[3]), TimeSpan.FromSeconds(10));
        Assert.True(fakes.For(providerId).Calls > 0);
        fakes.ResetAll();
    }

    private void FillProviderFields(CredentialsTabDriver page, string providerId)
    {
        switch (providerId)
        {
            case "vertex-ai":
                page.Fill("Service Account Key (JSON)", fakes.VertexAi.ServiceAccountJson());
                break;
            case "databricks":
                page.Fill("API Key", fakes.Databricks.ValidKey);
                page.Fill("Workspace URL", fakes.Databricks.Root.AbsoluteUri);
                break;
            case "custom":
                page.Fill("Base URL", fakes.Custom.BaseUrl.AbsoluteUri);
                page.Fill("API Key", fakes.Custom.ValidKey);
                break;
            default:
                page.Fill("API Key", fakes.For(providerId).ValidKey);
                break;
        }
    }
}
