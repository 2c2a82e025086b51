namespace AgentHub.Web.Gateway;

/// <summary>Where the gateway joins the app: its services, and its branch of the request pipeline.</summary>
public static class GatewayBranch
{
    /// <summary>Registers what the gateway's door needs besides Core: the per-key rate limiter and the door itself.</summary>
    public static IServiceCollection AddGatewayEndpoints(this IServiceCollection services) =>
        services.AddSingleton<AgentKeyRateLimiter>().AddSingleton<GatewayEndpoints>();

    /// <summary>
    /// Sends every request under <c>/v1</c> to the gateway's door and nowhere else. Call it after the
    /// exception handler and before routing and the admin app's middleware: an agent's call pays for
    /// none of them (docs/performance.md, eighth session).
    /// </summary>
    public static IApplicationBuilder UseGateway(this IApplicationBuilder app)
    {
        var door = app.ApplicationServices.GetRequiredService<GatewayEndpoints>();
        return app.Map(GatewayEndpoints.Prefix, branch => branch.Run(door.HandleAsync));
    }
}
