using AgentHub.Web.Components.Pages.AgentHub.Credentials;
using Bunit;
using MudBlazor;

namespace AgentHub.Tests.Web.Credentials;

/// <summary>Delete and Re-verify from a row's menu against the real services: the confirmation and its models, Cancel, and a re-verification that leaves other rows usable.</summary>
public sealed class CredentialDeleteAndReverifyTests : CredentialsTabTestBase
{
    [Fact]
    public async Task DeleteShouldNameTheCredentialListItsModelsAndMakeThemInvalid()
    {
        var credential = await Mud.Store.CreateVerifiedAsync("Shared key", apiKey: GoodKey);
        foreach (var model in new[] { "gpt-4o", "gpt-4o-mini", "o3-mini" })
        {
            await Mud.Store.ModelChanges.ConnectAsync(Mud.Store.Admin, new() { CredentialId = credential.Id, ModelId = model });
        }

        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("Shared key", "Delete"));

        page.Dialogs.WaitForAssertion(() => Assert.Contains("Delete credential 'Shared key'?", page.Dialogs.Markup));
        Assert.Contains("3 models use this credential and will become invalid:", page.Dialogs.Markup);
        Assert.All(new[] { "gpt-4o", "gpt-4o-mini", "o3-mini" }, m => Assert.Contains(m, page.Dialogs.Markup));
        page.ClickDialogButton("Delete");

        page.Tab.WaitForAssertion(() => Assert.DoesNotContain("Shared key", page.RowNames));
        Assert.All(await Mud.Store.ModelReader.ListAsync(Mud.Store.Admin), m => Assert.Equal(AgentHub.Core.Models.ModelStatus.Invalid, m.Status));
    }

    [Fact]
    public async Task CancellingTheDeleteShouldKeepTheCredential()
    {
        await Mud.Store.CreateVerifiedAsync("Keep me", apiKey: GoodKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("Keep me", "Delete"));

        page.Dialogs.WaitForAssertion(() => page.ClickDialogButton("Cancel"));

        page.Dialogs.WaitForAssertion(() => Assert.False(page.DialogOpen));
        page.Tab.WaitForAssertion(() => Assert.Contains("1 / 200 credentials", page.Tab.Markup));
        Assert.Single(await Mud.Store.CredentialReader.ListAsync(Mud.Store.Admin));
        Assert.Contains("Keep me", page.RowNames);
    }

    [Fact]
    public async Task ReverifyShouldCallTheProviderAgainAndShowTheNewStatus()
    {
        Mud.Store.Verifier.AcceptOnlyKey("another-key-entirely-000");
        await Mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        Mud.Store.Verifier.AcceptOnlyKey(GoodKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Equal("Failed", page.Row("Prod")[3]));

        page.RowAction("Prod", "Re-verify");

        page.Tab.WaitForAssertion(() => Assert.Equal("Verified", page.Row("Prod")[3]));
    }

    [Fact]
    public async Task AReverifyAnsweredOnlyRateLimitedShouldLeaveTheRowVerifiedAndSayWhy()
    {
        await Mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        Mud.Store.Verifier.Answer = (r, _) => Task.FromResult(VerificationResult.Failed(VerificationOutcome.RateLimited, r.Schema.DisplayName, "429"));
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("Prod", "Re-verify"));

        page.Snackbars.WaitForAssertion(() => Assert.Contains(
            "OpenAI is rate-limiting this key right now. Wait a minute, then Re-verify. 'Prod' stays Verified: this answer says nothing about the key.",
            page.Snackbars.Markup));
        page.Tab.WaitForAssertion(() => Assert.Equal("Verified", page.Row("Prod")[3]));
    }

    [Fact]
    public async Task AReverifyInProgressShouldShowVerifyingAndLeaveOtherRowsUsable()
    {
        await Mud.Store.CreateVerifiedAsync("Slow one", apiKey: GoodKey);
        await Mud.Store.CreateVerifiedAsync("Other", apiKey: GoodKey);
        var gate = new TaskCompletionSource();
        Mud.Store.Verifier.Answer = async (r, _) =>
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
}
