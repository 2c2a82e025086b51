using AgentHub.Core.Accounts;
using AgentHub.Core.Persistence;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AgentHub.Web.Accounts;

/// <summary>Sign-in with ASP.NET Core Identity over the Agent Hub store, and the first-start rule.</summary>
public static class AccountEndpoints
{
    public const string SetupPath = "/account/setup";
    public const string LoginPath = "/account/login";
    public const string LogoutPath = "/account/logout";

    /// <summary>Identity (accounts, lockout) with a cookie set as the framework recommends.</summary>
    public static IServiceCollection AddAgentHubAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountOptions>().Bind(configuration.GetSection(AccountOptions.SectionName))
            .Validate(o => o.FormPostsPerWindow > 0 && o.FormPostWindow > TimeSpan.Zero, "AgentHub:Accounts:FormPostsPerWindow and FormPostWindow must be positive.")
            .Validate(o => o.RevalidationInterval > TimeSpan.Zero, "AgentHub:Accounts:RevalidationInterval must be positive.")
            .ValidateOnStart();
        // Cookies re-check the security stamp as often as open circuits do, so a password change
        // or "Sign out everywhere" ends every other session within the same interval.
        services.AddOptions<SecurityStampValidatorOptions>()
            .Configure<IOptions<AccountOptions>>((o, accounts) => o.ValidationInterval = accounts.Value.RevalidationInterval);
        services.AddAccountRateLimiting();
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddIdentityCore<AgentHubUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<AgentHubDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "AgentHub.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the site is served over HTTPS (a reverse proxy in production).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = LoginPath;
            o.LogoutPath = LogoutPath;
            o.AccessDeniedPath = LoginPath;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        services.AddAuthorization();
        services.AddScoped<ICurrentMember, CurrentMember>();
        return services;
    }

    /// <summary>Until an account exists, every page (a GET asking for HTML) leads to the setup page.</summary>
    public static IApplicationBuilder UseFirstStartSetup(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var isPageRequest = HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal);
        if (isPageRequest && !request.Path.StartsWithSegments(SetupPath)
            && !await context.RequestServices.GetRequiredService<AccountSetup>().IsDoneAsync(context.RequestAborted))
        {
            context.Response.Redirect(SetupPath);
            return;
        }

        await next(context);
    });

    /// <summary>Sign-out is a POST with the antiforgery token, so another site cannot sign an admin out.</summary>
    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(LogoutPath, async (HttpContext context, IAntiforgery antiforgery, SignInManager<AgentHubUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect(LoginPath);
        }).DisableAntiforgery();
}
