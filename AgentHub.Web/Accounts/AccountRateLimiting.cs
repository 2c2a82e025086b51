using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AgentHub.Web.Accounts;

/// <summary>
/// Per client address limits on the account forms, so a stranger can neither cheaply lock an
/// account out with wrong passwords nor try invitation tokens at speed. Over the limit the
/// answer is 429 with a plain page.
/// </summary>
public static class AccountRateLimiting
{
    /// <summary>Counts form posts only (sign-in, change password): reading the page stays free.</summary>
    public const string FormPosts = "account-form-posts";

    /// <summary>Counts every request: opening an invitation link already tells whether a token is valid.</summary>
    public const string Invitations = "account-invitations";

    private const string RejectedPage =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many attempts</title></head>"
        + "<body><h1>Too many attempts</h1><p>Too many attempts from your address. Wait a minute, then try again.</p></body></html>";

    public static IServiceCollection AddAccountRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.ContentType = "text/html; charset=utf-8";
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await context.HttpContext.Response.WriteAsync(RejectedPage, cancellationToken);
            };
            o.AddPolicy(FormPosts, context => HttpMethods.IsPost(context.Request.Method)
                ? PerAddress(context, FormPosts)
                : RateLimitPartition.GetNoLimiter(""));
            o.AddPolicy(Invitations, context => PerAddress(context, Invitations));
        });
        return services;
    }

    /// <summary>
    /// Whose budget a request spends: an IPv4 client by its address, an IPv6 client by its /64
    /// (one subscriber usually holds the whole /64, so rotating the last 64 bits buys nothing).
    /// </summary>
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    private static RateLimitPartition<string> PerAddress(HttpContext context, string policy)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<AccountOptions>>().Value;
        return RateLimitPartition.GetFixedWindowLimiter($"{policy}:{PartitionKey(context.Connection.RemoteIpAddress)}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.FormPostsPerWindow,
            Window = options.FormPostWindow,
            QueueLimit = 0,
        });
    }
}
