using Bunit;
using MudBlazor;
using MudBlazor.Services;

namespace AgentHub.Tests.Support;

/// <summary>
/// A bUnit context with MudBlazor's services and the Core services over a real SQLite file.
/// xunit 2 disposes synchronously while MudBlazor's services are only IAsyncDisposable, so tests
/// hold this and await its disposal instead of inheriting the context.
/// </summary>
public sealed class MudTestContext : IAsyncDisposable
{
    private MudTestContext(BunitContext context, TestStore store)
    {
        Context = context;
        Store = store;
    }

    public BunitContext Context { get; }

    public TestStore Store { get; }

    public static async Task<MudTestContext> CreateAsync(
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null, bool realVerifier = false,
        Action<BunitContext>? prepare = null)
    {
        var store = await TestStore.CreateAsync(settings, configure: configure, realVerifier: realVerifier);
        // Renders here wait on real SQLite and HTTPS fakes on a shared two-core machine: allow them time.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(5);
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
            o.PopoverOptions.CheckForPopoverProvider = false;
        });
        // The components resolve Core services from the same container the store built.
        context.Services.AddSingleton<AgentHub.Web.Accounts.ICurrentMember>(new FixedMember(new AgentHub.Web.Accounts.Member(store.Admin, AgentHub.Core.Teams.TeamRole.Admin)));
        context.Services.AddFallbackServiceProvider(store.Services);
        // Test doubles such as AddAuthorization must be registered before any service is resolved.
        prepare?.Invoke(context);
        // Components behave as in the live circuit, not as during prerendering.
        context.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return new MudTestContext(context, store);
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await Store.DisposeAsync();
    }
}

/// <summary>The member a component test acts as.</summary>
public sealed class FixedMember(AgentHub.Web.Accounts.Member? member) : AgentHub.Web.Accounts.ICurrentMember
{
    public AgentHub.Web.Accounts.Member? Member { get; set; } = member;

    public Task<AgentHub.Web.Accounts.Member?> GetAsync() => Task.FromResult(Member);
}
