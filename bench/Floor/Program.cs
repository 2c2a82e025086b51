// The floor: the same rows as Agent Hub's tabs, rendered by MudBlazor's MudTable the default way
// (every row, prerendered, then interactive on the server). Size from Floor:Size (2k or 20k).
using AgentHub.Bench.Floor;
using AgentHub.Bench.Floor.Components;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddSingleton(new FloorRows(builder.Configuration["Floor:Size"] ?? "2k"));

var app = builder.Build();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();
