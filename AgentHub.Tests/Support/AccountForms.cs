using System.Text.RegularExpressions;
using AgentHub.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AgentHub.Tests.Support;

/// <summary>Posts the account pages' forms as a browser does: the page's antiforgery token, the form's name, its fields.</summary>
public static class AccountForms
{
    public const string OwnerEmail = "owner@example.com";
    public const string OwnerPassword = "Owner-Passw0rd!";

    /// <summary>A GET for a page as a browser asks for it (HTML accepted), so the app answers with pages and redirects, not status codes alone.</summary>
    public static HttpRequestMessage PageRequest(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        return request;
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see where they point.</summary>
    public static HttpClient Client(WebApplicationFactory<Program> app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string formName, IDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path);
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token, ["_handler"] = formName };
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public static Task<HttpResponseMessage> SetupAsync(HttpClient client, string email = OwnerEmail, string password = OwnerPassword, string team = "Research") =>
        PostAsync(client, "/account/setup", "setup", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password, ["Input.TeamName"] = team });

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email = OwnerEmail, string password = OwnerPassword) =>
        PostAsync(client, "/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    /// <summary>Creates the owner directly (as setup would) and returns a client signed in through the login form.</summary>
    public static async Task<HttpClient> SignedInClientAsync(WebApplicationFactory<Program> app)
    {
        await CreateOwnerAsync(app.Services);
        var client = Client(app);
        var response = await LoginAsync(client);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The owner as an actor in the team setup made them admin of.</summary>
    public static async Task<AgentHub.Core.Teams.Actor> OwnerActorAsync(IServiceProvider services, string email = OwnerEmail)
    {
        using var scope = services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AgentHubUser>>().FindByEmailAsync(email);
        var db = await scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AgentHub.Core.Persistence.AgentHubDbContext>>().CreateDbContextAsync();
        await using (db)
        {
            var member = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
                db.TeamMembers.Where(m => m.UserId == user!.Id).OrderBy(m => m.AddedAt));
            return new AgentHub.Core.Teams.Actor(user!.Id, member.TeamId);
        }
    }

    /// <summary>The owner account, created through the same code as the setup page.</summary>
    public static async Task CreateOwnerAsync(IServiceProvider services, string email = OwnerEmail, string password = OwnerPassword)
    {
        using var scope = services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountSetup>()
            .CreateOwnerAsync(scope.ServiceProvider.GetRequiredService<UserManager<AgentHubUser>>(), email, password, "Default team");
        Assert.True(result.Succeeded, result.Error?.Message);
    }
}
