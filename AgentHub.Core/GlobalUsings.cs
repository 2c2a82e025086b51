// The feature namespaces most of Core uses; a file names only what is particular to it.
global using AgentHub.Core.Credentials;
global using AgentHub.Core.Models;
global using AgentHub.Core.Persistence;
global using AgentHub.Core.Providers;
global using AgentHub.Core.Security;
global using AgentHub.Core.Teams;
global using AgentHub.Core.Verification;
