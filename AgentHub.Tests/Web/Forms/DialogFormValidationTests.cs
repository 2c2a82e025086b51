using AgentHub.Core.AgentKeys;
using AgentHub.Web.Components.Pages.AgentHub.AgentKeys;
using AgentHub.Web.Components.Pages.AgentHub.Credentials;
using AgentHub.Web.Components.Pages.AgentHub.Models;
using Bunit;
using MudBlazor;

namespace AgentHub.Tests.Web.Forms;

/// <summary>
/// The dialogs' fields show the Core validators' own messages, at the field, as the admin types:
/// a value one character over a Core limit is named with the text the validator holds, not a copy.
/// </summary>
public sealed class DialogFormValidationTests : IAsyncLifetime
{
    private MudTestContext _mud = null!;

    public async Task InitializeAsync() => _mud = await MudTestContext.CreateAsync();

    public async Task DisposeAsync() => await _mud.DisposeAsync();

    private static string TooLong(int limit) => new('a', limit + 1);

    /// <summary>The validation messages the field labelled <paramref name="label"/> shows (not its inner MudInput's).</summary>
    private static IReadOnlyList<string> ErrorsAt<TTab>(TabDriver<TTab> page, string label) where TTab : Microsoft.AspNetCore.Components.IComponent =>
        page.Dialogs.FindComponents<MudBaseInput<string>>().Single(f => f.Instance is not MudInput<string> && f.Instance.Label == label).Instance.ValidationErrors;

    [Fact]
    public void ACredentialNameOverItsLimitShouldShowTheValidatorsMessageAtTheNameField()
    {
        var page = new CredentialsTabDriver(_mud.Context);
        page.Tab.WaitForAssertion(() => page.ClickCreate());

        page.Fill("Name", TooLong(CredentialInputValidator.NameMaxLength));

        page.Dialogs.WaitForAssertion(() => Assert.Equal([CredentialInputValidator.NameTooLong], ErrorsAt(page, "Name")));
        Assert.Contains(CredentialInputValidator.NameTooLong, page.Dialogs.Markup);
    }

    [Fact]
    public void ACredentialDescriptionOverItsLimitShouldShowTheValidatorsMessageAtItsField()
    {
        var page = new CredentialsTabDriver(_mud.Context);
        page.Tab.WaitForAssertion(() => page.ClickCreate());

        page.Fill("Description", TooLong(CredentialInputValidator.DescriptionMaxLength));

        page.Dialogs.WaitForAssertion(() => Assert.Equal([CredentialInputValidator.DescriptionTooLong], ErrorsAt(page, "Description")));
    }

    [Fact]
    public void AProviderFieldOverItsLimitShouldShowTheProviderRulesMessageAtThatField()
    {
        var field = _mud.Store.Services.GetRequiredService<ProviderCatalog>().Find("openai")!.Fields.Single(f => f.Key == FieldKeys.ApiKey);
        var page = new CredentialsTabDriver(_mud.Context);
        page.Tab.WaitForAssertion(() => page.ClickCreate());
        page.ChooseProvider("OpenAI");

        page.Dialogs.WaitForAssertion(() => page.Fill(field.Label, TooLong(field.MaxLength)));

        page.Dialogs.WaitForAssertion(() => Assert.Equal([ProviderFieldRules.TooLongMessage(field)], ErrorsAt(page, field.Label)));
    }

    [Fact]
    public void SubmittingWithoutANameShouldShowTheValidatorsRequiredMessageAndStoreNothing()
    {
        var page = new CredentialsTabDriver(_mud.Context);
        page.Tab.WaitForAssertion(() => page.ClickCreate());

        page.ClickDialogButton("Create");

        page.Dialogs.WaitForAssertion(() => Assert.Contains(CredentialInputValidator.NameRequired, ErrorsAt(page, "Name")));
        Assert.True(page.DialogOpen);
        Assert.Empty(_mud.Store.Verifier.Calls);
    }

    [Fact]
    public void AModelIdOverItsLimitShouldShowTheValidatorsMessageAtItsField()
    {
        var page = new TabDriver<ModelsTab>(_mud.Context);
        page.Tab.WaitForAssertion(() => page.TabButton("Connect Model").Click());
        page.WaitForField("Model name or ID");

        page.Fill("Model name or ID", TooLong(ModelInputValidator.ModelIdMaxLength));

        page.Dialogs.WaitForAssertion(() => Assert.Contains(ModelInputValidator.ModelIdTooLong, ErrorsAt(page, "Model name or ID")));
    }

    [Fact]
    public void AnAliasOverItsLimitShouldShowTheValidatorsMessageAtItsField()
    {
        var page = new TabDriver<ModelsTab>(_mud.Context);
        page.Tab.WaitForAssertion(() => page.TabButton("Connect Model").Click());
        page.WaitForField("Alias");

        page.Fill("Alias", TooLong(ModelInputValidator.AliasMaxLength));

        page.Dialogs.WaitForAssertion(() => Assert.Equal([ModelInputValidator.AliasTooLong], ErrorsAt(page, "Alias")));
    }

    [Fact]
    public void AnAgentKeyNameOverItsLimitShouldShowTheValidatorsMessageAtTheNameField()
    {
        var page = new TabDriver<AgentKeysTab>(_mud.Context);
        page.Retry(() => page.TabButton("Create agent key").Click());
        page.WaitForField("Name");

        page.Fill("Name", TooLong(AgentKeyInputValidator.NameMaxLength));

        page.Dialogs.WaitForAssertion(() => Assert.Equal([AgentKeyInputValidator.NameTooLong], ErrorsAt(page, "Name")));
        Assert.Contains(AgentKeyInputValidator.NameTooLong, page.Dialogs.Markup);
    }
}
