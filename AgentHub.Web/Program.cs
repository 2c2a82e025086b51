using AgentHub.Core.Accounts;
using AgentHub.Core.Persistence;
using AgentHub.Core.Providers;
using AgentHub.Web.Accounts;
using AgentHub.Web.Components;
using AgentHub.Web.Gateway;
using AgentHub.Web.Health;
using AgentHub.Web.Operations;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

// UI
builder.Services.AddRazorComponents().AddInteractiveServerComponents()
    .AddHubOptions(o => o.MaximumReceiveMessageSize = FieldLimits.CircuitMessageBytes);
builder.Services.AddMudServices();

// Domain
builder.Services.AddAgentHubCore(builder.Configuration);
builder.Services.AddGatewayEndpoints();
builder.Services.AddSingleton<KeyRingAudit>();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database").AddCheck<KeyRingHealthCheck>("key-ring");

// Accounts
builder.Services.AddAgentHubAccounts(builder.Configuration);

var app = builder.Build();

await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
await app.Services.GetRequiredService<HealthCheckService>().CheckKeyRingAtStartAsync(app.Logger);
if (StoreMigrationCommand.IsRequested(args))
{
    Environment.ExitCode = await StoreMigrationCommand.RunAsync(app.Services, app.Configuration, app.Logger);
    await app.DisposeAsync(); // flushes the console log
    return;
}

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}

// Agents' calls branch off here: the admin app's routing and middleware below are not theirs.
app.UseGateway();
app.UseRouting();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseFirstStartSetup();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapHealthChecks("/healthz").AllowAnonymous();
app.MapStaticAssets();
app.MapAccountEndpoints();
// The circuit's websocket is compressed (the default); its CSP forbids framing, which that compression requires.
// HTML responses are not: they carry an anti-forgery token and reflect the search (BREACH); see docs/performance.md.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = "'none'");

app.Run();

/// <summary>Exposed so tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
