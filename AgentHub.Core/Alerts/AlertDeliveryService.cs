using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using AgentHub.Core.Verification.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentHub.Core.Alerts;

/// <summary>
/// Posts due alert messages to their team's webhook, retrying with back-off (<see cref="AlertRules"/>),
/// and queues Expiring messages a week before a key's reported expiry. Safe with several instances
/// over one database: an instance posts a message only after claiming it with a conditional update
/// (a lease), so each is sent by one of them.
/// </summary>
public sealed class AlertDeliveryService(
    IDbContextFactory<AgentHubDbContext> factory,
    IHttpClientFactory httpClients,
    SecretProtector protector,
    ProviderCatalog catalog,
    TimeProvider time,
    IOptionsMonitor<AgentHubOptions> options,
    ILogger<AlertDeliveryService> logger)
{
    /// <summary>The named HttpClient alerts are posted with (the outbound guard's handler, no redirects).</summary>
    public const string HttpClientName = "AgentHub.Alerts";

    private const int Batch = 20;

    /// <summary>Queues what expires soon, then posts every message that is due and not held by another instance; returns how many were delivered.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await QueueExpiringAsync(cancellationToken);
        var now = Now;
        List<Guid> due;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Set<AlertDelivery>().AsNoTracking()
                .Where(d => d.DeliveredAt == null && d.GaveUpAt == null && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
                .OrderBy(d => d.NextAttemptAt).Select(d => d.Id).Take(Batch).ToListAsync(cancellationToken);
        }

        var delivered = 0;
        foreach (var id in due)
        {
            if (await ClaimAsync(id, cancellationToken) is { } claimed && await PostAsync(claimed, cancellationToken))
            {
                delivered++;
            }
        }

        return delivered;
    }

    /// <summary>
    /// Queues one Expiring message per credential and reported expiry once it is within
    /// <see cref="AlertRules.ExpiryWarning"/> (the unique index on credential, kind and expiry keeps it to one
    /// when two instances look at once).
    /// </summary>
    public async Task QueueExpiringAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        var horizon = now + AlertRules.ExpiryWarning;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var expiring = await db.Credentials.AsNoTracking()
            .Where(c => c.ExpiresAt != null && c.ExpiresAt <= horizon
                && db.Set<AlertSettings>().Any(s => s.TeamId == c.TeamId)
                && !db.Set<AlertDelivery>().Any(d => d.CredentialId == c.Id && d.Kind == AlertKind.Expiring && d.ExpiresAt == c.ExpiresAt))
            .Select(c => new { c.Id, c.TeamId, c.Name, c.ProviderId, c.Status, c.ExpiresAt })
            .ToListAsync(cancellationToken);
        foreach (var c in expiring)
        {
            await using var one = await factory.CreateDbContextAsync(cancellationToken);
            one.Add(AlertDelivery.Create(c.TeamId, c.Id, c.Name, catalog.Get(c.ProviderId).DisplayName, AlertKind.Expiring, c.Status.Label(), null, c.ExpiresAt, now));
            try
            {
                await one.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another instance queued it first (unique index): one message it is.
            }
        }
    }

    /// <summary>
    /// Deletes the messages finished (delivered or given up) longer than <c>AgentHub:Alerts:Retention</c> ago, in one
    /// statement; returns how many went. Waiting and retrying ones stay, and so does an Expiring message while its
    /// credential still reports that expiry (it is what keeps that warning to one).
    /// </summary>
    public async Task<int> DeleteFinishedAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = Now - options.CurrentValue.Alerts.Retention;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // An unfinished message has neither time, so the comparison is false for it.
        var deleted = await db.Set<AlertDelivery>()
            .Where(d => (d.DeliveredAt ?? d.GaveUpAt) < cutoff
                && !(d.Kind == AlertKind.Expiring && db.Credentials.Any(c => c.Id == d.CredentialId && c.ExpiresAt == d.ExpiresAt)))
            .ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} alert messages finished before {Cutoff:u}", deleted, cutoff);
        }

        return deleted;
    }

    /// <summary>Takes the message for this instance for <see cref="AlertRules.Lease"/> if it is still due and free; null when another has it.</summary>
    private async Task<AlertDelivery?> ClaimAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = Now;
        var until = now + AlertRules.Lease;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var claimed = await db.Set<AlertDelivery>()
            .Where(d => d.Id == id && d.DeliveredAt == null && d.GaveUpAt == null && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.LeaseUntil, until), cancellationToken);
        return claimed == 1 ? await db.Set<AlertDelivery>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken) : null;
    }

    /// <summary>Posts one claimed message and records the outcome: delivered, the next try, or given up.</summary>
    private async Task<bool> PostAsync(AlertDelivery delivery, CancellationToken cancellationToken)
    {
        string? error;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            var settings = await db.Set<AlertSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.TeamId == delivery.TeamId, cancellationToken);
            var secrets = settings is null ? null : AlertSecrets.Open(protector, settings.ProtectedSecrets);
            error = settings is null ? "no webhook is set"
                : secrets is null ? "the webhook's stored URL cannot be decrypted (key ring): set the URL again"
                : await SendAsync(delivery, settings.Format, secrets, cancellationToken);
        }

        var now = Now;
        var attempts = delivery.Attempts + 1;
        var delay = error is null ? null : AlertRules.DelayAfter(attempts);
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            // A failure does not revive a message given up meanwhile (the webhook was removed during the post).
            await db.Set<AlertDelivery>().Where(d => d.Id == delivery.Id && d.DeliveredAt == null && (error == null || d.GaveUpAt == null)).ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.LeaseUntil, (DateTime?)null)
                .SetProperty(d => d.LastError, error)
                .SetProperty(d => d.DeliveredAt, error is null ? now : null)
                .SetProperty(d => d.GaveUpAt, error is not null && delay is null ? now : null)
                .SetProperty(d => d.NextAttemptAt, delay is { } wait ? now + wait : delivery.NextAttemptAt), cancellationToken);
        }

        if (error is not null)
        {
            logger.LogWarning("Alert {Id} ({Kind}) for team {Team}: attempt {Attempt} failed: {Error}", delivery.Id, delivery.Kind, delivery.TeamId, attempts, error);
        }

        return error is null;
    }

    /// <summary>Posts the body in the team's format; null when the receiver took it (2xx), else why not, in words.</summary>
    private async Task<string?> SendAsync(AlertDelivery delivery, AlertFormat format, AlertSecrets secrets, CancellationToken cancellationToken)
    {
        var appUrl = options.CurrentValue.Alerts.AppUrl is { } app ? ProviderCatalog.WithTrailingSlash(app) : null;
        var body = AlertMessage.Body(delivery, format, appUrl);
        using var request = new HttpRequestMessage(HttpMethod.Post, secrets.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("AgentHub", "1.0"));
        request.Headers.Add("X-AgentHub-Delivery", delivery.Id.ToString());
        if (format == AlertFormat.SignedJson)
        {
            var (timestamp, signature) = AlertMessage.Sign(body, secrets.SigningSecret, time.GetUtcNow());
            request.Headers.Add("X-AgentHub-Timestamp", timestamp);
            request.Headers.Add("X-AgentHub-Signature", signature);
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(AlertRules.PostTimeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, bounded.Token);
            return response.IsSuccessStatusCode ? null : $"the receiver answered {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"the receiver did not answer within {AlertRules.PostTimeout.TotalSeconds:0} s";
        }
        catch (HttpRequestException e)
        {
            return Describe(e);
        }
    }

    /// <summary>A network failure in words; never the exception's text, which could name the URL's secret path.</summary>
    private static string Describe(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case BlockedAddressException:
                    return "the address points to a private or local network (AgentHub:Network:AllowPrivateEndpoints)";
                case AuthenticationException:
                    return "its TLS certificate was refused";
            }
        }

        return "the receiver could not be reached";
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}
