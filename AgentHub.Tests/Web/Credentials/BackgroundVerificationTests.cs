using Bunit;

namespace AgentHub.Tests.Web.Credentials;

/// <summary>Verifying never blocks the page: a create's dialog can be closed while the provider answers.</summary>
public sealed class BackgroundVerificationTests : IAsyncLifetime
{
    private const string GoodKey = "sk-good-key-000000009f3c";
    private readonly TaskCompletionSource<VerificationResult> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MudTestContext _mud = null!;

    public async Task InitializeAsync()
    {
        _mud = await MudTestContext.CreateAsync();
        _mud.Store.Verifier.Answer = (_, _) => _answer.Task;
    }

    public async Task DisposeAsync()
    {
        _answer.TrySetCanceled();
        await _mud.DisposeAsync();
    }

    private CredentialsTabDriver StartCreate(string name)
    {
        var page = new CredentialsTabDriver(_mud.Context);
        page.Tab.WaitForAssertion(() => page.ClickCreate());
        page.Fill("Name", name);
        page.ChooseProvider("OpenAI");
        page.WaitForField("API Key");
        page.Fill("API Key", GoodKey);
        page.ClickDialogButton("Create");
        page.Dialogs.WaitForAssertion(() => Assert.Contains("Verifying with OpenAI…", page.Dialogs.Markup));
        return page;
    }

    [Fact]
    public void ContinueInBackgroundShouldCloseTheDialogAndLeaveTheRowVerifying()
    {
        var page = StartCreate("Slow OpenAI");

        page.ClickDialogButton("Continue in background");

        page.Dialogs.WaitForAssertion(() => Assert.False(page.DialogOpen));
        page.Tab.WaitForAssertion(() => Assert.Equal("Verifying", page.Row("Slow OpenAI")[3]));
    }

    [Fact]
    public void ABackgroundVerificationShouldLandOnTheRowAndInASnackbar()
    {
        var page = StartCreate("Slow OpenAI");
        page.ClickDialogButton("Continue in background");
        page.Tab.WaitForAssertion(() => Assert.Equal("Verifying", page.Row("Slow OpenAI")[3]));

        _answer.SetResult(VerificationResult.Verified("OpenAI"));

        page.Tab.WaitForAssertion(() => Assert.Equal("Verified", page.Row("Slow OpenAI")[3]));
        page.Snackbars.WaitForAssertion(() => Assert.Contains("'Slow OpenAI' is created and verified with OpenAI.", page.Snackbars.Markup));
    }

    [Fact]
    public void AFailedBackgroundVerificationShouldSayWhyOnTheRowAndInASnackbar()
    {
        var page = StartCreate("Wrong key");
        page.ClickDialogButton("Continue in background");
        page.Dialogs.WaitForAssertion(() => Assert.False(page.DialogOpen));

        _answer.SetResult(VerificationResult.Failed(VerificationOutcome.InvalidKey, "OpenAI", "401 invalid_api_key"));

        page.Tab.WaitForAssertion(() => Assert.Equal("Failed", page.Row("Wrong key")[3]));
        page.Snackbars.WaitForAssertion(() => Assert.Contains("'Wrong key' is Failed: OpenAI rejected the key", page.Snackbars.Markup));
    }

    [Fact]
    public async Task OtherRowsShouldStayUsableWhileACreateVerifiesInTheBackground()
    {
        await _mud.Store.CreateVerifiedAsync("Other", apiKey: GoodKey);
        var page = StartCreate("Slow OpenAI");
        page.ClickDialogButton("Continue in background");
        page.Dialogs.WaitForAssertion(() => Assert.False(page.DialogOpen));

        page.Tab.WaitForAssertion(() => page.RowAction("Other", "Edit"));

        page.Dialogs.WaitForAssertion(() => Assert.Contains("Edit Other", page.Dialogs.Markup));
        Assert.Equal("Verifying", page.Row("Slow OpenAI")[3]);
    }

    [Fact]
    public void ADialogLeftOpenShouldCloseWhenTheProviderAnswersAndReportOnce()
    {
        var page = StartCreate("Patient admin");

        _answer.SetResult(VerificationResult.Verified("OpenAI"));

        page.Dialogs.WaitForAssertion(() => Assert.False(page.DialogOpen));
        page.Tab.WaitForAssertion(() => Assert.Equal("Verified", page.Row("Patient admin")[3]));
        page.Snackbars.WaitForAssertion(() => Assert.Single(page.Snackbars.FindAll(".mud-snackbar"), s => s.TextContent.Contains("'Patient admin' is created and verified")));
    }
}
