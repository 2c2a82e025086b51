using AgentHub.Web.Components.Layout;
using AgentHub.Web.Components.Shared;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgentHub.Tests.Web.Pages;

/// <summary>The layout around every Agent Hub page: a session that ends leaves nothing to act with.</summary>
public sealed class MainLayoutTests : IAsyncLifetime
{
    private MudTestContext _mud = null!;
    private BunitAuthorizationContext _authorization = null!;

    public async Task InitializeAsync() => _mud = await MudTestContext.CreateAsync(prepare: c => _authorization = c.AddAuthorization());

    public async Task DisposeAsync() => await _mud.DisposeAsync();

    [Fact]
    public async Task ASessionSignedOutElsewhereShouldCloseThePageAndItsOpenDialog()
    {
        _authorization.SetAuthorized("test-admin@example.com");
        var layout = _mud.Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<p>The page body</p>"))));
        var dialogs = _mud.Context.Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Title, "Delete credential 'Prod'?" },
            { d => d.Message, "Delete it for good." },
            { d => d.ConfirmText, "Delete" },
        };
        await layout.InvokeAsync(() => dialogs.ShowAsync<ConfirmDialog>("Delete credential 'Prod'?", parameters));
        layout.WaitForAssertion(() => Assert.Contains("Delete it for good.", layout.Markup));

        _authorization.SetNotAuthorized();

        layout.WaitForAssertion(() => Assert.Contains("You were signed out.", layout.Markup));
        Assert.DoesNotContain("Delete it for good.", layout.Markup);
        Assert.DoesNotContain("The page body", layout.Markup);
        Assert.Contains("Sign in again.", layout.Find("a[href='account/login']").TextContent);
        Assert.Contains("/account/login", _mud.Context.Services.GetRequiredService<NavigationManager>().Uri);
    }
}
