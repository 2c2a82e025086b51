// The namespaces most components' code-behind uses (the .razor files take theirs from _Imports.razor).
global using AgentHub.Core;
global using AgentHub.Core.Credentials;
global using AgentHub.Core.Models;
global using AgentHub.Core.Teams;
global using AgentHub.Web.Components.Shared;
global using Microsoft.AspNetCore.Components;
global using Microsoft.JSInterop;
global using MudBlazor;
