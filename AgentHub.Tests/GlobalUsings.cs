// The namespaces most test files use; a file names only what is particular to it.
global using System.Net;
global using System.Text;
global using System.Text.Json.Nodes;
global using AgentHub.Core;
global using AgentHub.Core.Credentials;
global using AgentHub.Core.Models;
global using AgentHub.Core.Providers;
global using AgentHub.Core.Teams;
global using AgentHub.Core.Verification;
global using AgentHub.Tests.Fakes;
global using AgentHub.Tests.Support;
global using Microsoft.Extensions.DependencyInjection;
global using Xunit;
