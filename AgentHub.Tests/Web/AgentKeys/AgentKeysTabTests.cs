using AgentHub.Core.AgentKeys;
using AgentHub.Web.Components.Pages.AgentHub.AgentKeys;
using Bunit;

namespace AgentHub.Tests.Web.AgentKeys;

public sealed class AgentKeysTabTests : IAsyncLifetime
{
    private MudTestContext _mud = null!;

    public async Task InitializeAsync() => _mud = await MudTestContext.CreateAsync();

    public async Task DisposeAsync() => await _mud.DisposeAsync();

    private AgentKeyService Keys => _mud.Store.Services.GetRequiredService<AgentKeyService>();

    [Fact]
    public async Task CreateShouldShowTheKeyOnceWithCopyAndTheTableOnlyItsPrefix()
    {
        var page = new TabDriver<AgentKeysTab>(_mud.Context);
        page.Tab.WaitForAssertion(() => Assert.Contains("No agent keys yet", page.Tab.Markup));

        page.Retry(() => page.TabButton("Create agent key").Click());
        page.WaitForField("Name");
        Assert.Equal(["Name", "Expires", "Models", "Requests per minute"], page.FieldLabels.Select(l => l.TrimEnd('*').Trim()));
        // As in the Connect model dialog: a number field steps with the arrow keys, without spin buttons.
        Assert.Empty(page.Dialogs.FindAll(".mud-input-numeric-spin"));
        page.Fill("Name", "support-bot");
        page.ClickDialogButton("Create");
        page.Dialogs.WaitForAssertion(() => Assert.Contains("You will not see this key again.", page.Dialogs.Markup));
        var key = page.Field("Agent key").GetAttribute("value")!;
        Assert.StartsWith(AgentKeyService.KeyPrefix, key);
        Assert.Contains(page.Dialogs.FindAll("button"), b => b.TextContent.Trim() == "Copy");
        page.ClickDialogButton("Done");

        page.Tab.WaitForAssertion(() => Assert.Equal("support-bot", Assert.Single(page.RowNames)));
        var row = page.Row("support-bot");
        Assert.Equal(key[..12] + "…", row[1]);
        Assert.Equal("All models", row[2]);
        Assert.False(page.WhitespaceBetweenCells);
        Assert.DoesNotContain(key, page.AllMarkup);
        Assert.NotNull(await Keys.AuthenticateAsync(key));
    }

    [Fact]
    public async Task ADuplicateNameShouldBeRefusedAtTheNameField()
    {
        await Keys.CreateAsync(_mud.Store.Admin, new AgentKeyInput { Name = "support-bot" });
        var page = new TabDriver<AgentKeysTab>(_mud.Context);
        page.Tab.WaitForAssertion(() => Assert.Single(page.RowNames));

        page.Retry(() => page.TabButton("Create agent key").Click());
        page.WaitForField("Name");
        page.Fill("Name", "Support-Bot");
        page.ClickDialogButton("Create");

        page.Dialogs.WaitForAssertion(() => Assert.Contains("already used by another agent key", page.Dialogs.Markup));
        Assert.DoesNotContain("Agent key", page.FieldLabels);
    }

    [Fact]
    public async Task RevokeShouldAskThenRefuseTheKeyAtOnce()
    {
        var created = (await Keys.CreateAsync(_mud.Store.Admin, new AgentKeyInput { Name = "support-bot" })).ValueOrFail();
        var page = new TabDriver<AgentKeysTab>(_mud.Context);
        page.Tab.WaitForAssertion(() => Assert.Single(page.RowNames));

        page.RowAction("support-bot", "Revoke");
        page.Dialogs.WaitForAssertion(() => Assert.Contains("Revoke agent key 'support-bot'?", page.Dialogs.Markup));
        page.ClickDialogButton("Revoke");

        page.Tab.WaitForAssertion(() => Assert.Contains("No agent keys yet", page.Tab.Markup));
        Assert.Null(await Keys.AuthenticateAsync(created.Key));
    }

    [Fact]
    public async Task AViewerShouldSeeTheKeysButNeitherCreateNorRevoke()
    {
        await Keys.CreateAsync(_mud.Store.Admin, new AgentKeyInput { Name = "support-bot" });
        var viewer = await _mud.Store.AddMemberAsync("viewer", TeamRole.Viewer);
        ((FixedMember)_mud.Context.Services.GetRequiredService<AgentHub.Web.Accounts.ICurrentMember>()).Member = new AgentHub.Web.Accounts.Member(viewer, TeamRole.Viewer);

        var page = new TabDriver<AgentKeysTab>(_mud.Context);

        page.Tab.WaitForAssertion(() => Assert.Single(page.RowNames));
        Assert.DoesNotContain(page.Tab.FindAll("button"), b => b.TextContent.Trim() == "Create agent key");
        Assert.Empty(page.Tab.FindAll("button[aria-label='Actions for support-bot']"));
    }

    [Fact]
    public async Task TheTabShouldShowOnePageAndFindAKeyBeyondItBySearchKeptInTheUrl()
    {
        foreach (var i in Enumerable.Range(0, 30))
        {
            await Keys.CreateAsync(_mud.Store.Admin, new AgentKeyInput { Name = $"key-{i:00}" });
        }

        var navigation = _mud.Context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("agent-hub/agent-keys");
        var page = new TabDriver<AgentKeysTab>(_mud.Context);
        page.Tab.WaitForAssertion(() => Assert.Equal(25, page.RowNames.Count));
        Assert.Equal("key-00", page.RowNames[0]);

        page.Tab.Find("input[placeholder='Name or prefix']").Input("KEY-29");

        page.Tab.WaitForAssertion(() => Assert.Equal(["key-29"], page.RowNames));
        page.Tab.WaitForAssertion(() => Assert.EndsWith("agent-hub/agent-keys?q=KEY-29", navigation.Uri));
    }

    [Fact]
    public async Task CancellingCreateShouldReadNoRows()
    {
        await Keys.CreateAsync(_mud.Store.Admin, new AgentKeyInput { Name = "support-bot" });
        var page = new TabDriver<AgentKeysTab>(_mud.Context);
        page.Tab.WaitForAssertion(() => Assert.Single(page.RowNames));
        var queries = page.Tab.Instance.PageQueries;

        page.Retry(() => page.TabButton("Create agent key").Click());
        page.WaitForField("Name");
        page.ClickDialogButton("Cancel");
        page.Dialogs.WaitForAssertion(() => Assert.False(page.DialogOpen));

        Assert.Equal(queries, page.Tab.Instance.PageQueries);
        Assert.Equal(["support-bot"], page.RowNames);
    }

    [Fact]
    public async Task TheModelsPickerShouldFindAModelBeyondItsFirstChoicesByTyping()
    {
        _mud.Store.Verifier.AcceptOnlyKey("sk-test-0000000000001234");
        var credential = await _mud.Store.CreateVerifiedAsync("Cred A");
        for (var i = 0; i < ModelReader.MaxChoices + 5; i++)
        {
            await _mud.Store.ModelChanges.ConnectAsync(_mud.Store.Admin, new() { CredentialId = credential.Id, ModelId = $"m-{i:00}" });
        }

        var page = new TabDriver<AgentKeysTab>(_mud.Context);
        page.Tab.WaitForAssertion(() => Assert.Contains("No agent keys yet", page.Tab.Markup));
        page.Retry(() => page.TabButton("Create agent key").Click());
        page.WaitForField("Models");
        page.Fill("Name", "writer-bot");

        page.Fill("Models", "m-24");
        page.Popovers.WaitForAssertion(() => Assert.Equal(["m-24"], page.Popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim())));
        page.Retry(() => page.Popovers.FindAll(".mud-list-item").Single().Click());
        page.Dialogs.WaitForAssertion(() => Assert.Contains("m-24", page.Dialogs.FindAll(".mud-chip").Select(c => c.TextContent.Trim())));
        page.ClickDialogButton("Create");
        page.Dialogs.WaitForAssertion(() => Assert.Contains("You will not see this key again.", page.Dialogs.Markup));
        page.ClickDialogButton("Done");

        page.Tab.WaitForAssertion(() => Assert.Equal("m-24", page.Row("writer-bot")[2]));
    }
}
