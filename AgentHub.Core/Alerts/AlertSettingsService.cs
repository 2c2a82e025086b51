using System.Net;
using System.Net.Sockets;
using AgentHub.Core.Activity;
using AgentHub.Core.Verification.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentHub.Core.Alerts;

/// <summary>
/// A team's alert webhook: read it (members), set, test, re-key or remove it (admins), and list
/// the recent messages with how their delivery went. Every change is one transaction with its Activity entry.
/// </summary>
public sealed class AlertSettingsService(
    IDbContextFactory<AgentHubDbContext> factory,
    SecretProtector protector,
    TeamAccess access,
    ActivityLog activity,
    OutboundGuard guard,
    TimeProvider time)
{
    private const string What = "The alert webhook";
    private const int MaxUrlLength = 2_000;
    private const int ListedDeliveries = 50;

    /// <summary>The team's webhook, or null when none is set (or the actor is not a member).</summary>
    public async Task<AlertSettingsView?> GetAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return null;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Set<AlertSettings>().AsNoTracking().Where(s => s.TeamId == actor.TeamId)
            .Select(s => new AlertSettingsView(s.WebhookHint, s.Format, s.UpdatedAt)).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Sets the webhook. The URL must be https and, unless <c>AgentHub:Network:AllowPrivateEndpoints</c>,
    /// reach a public address; a blank URL keeps the stored one. The signing secret is made with the webhook
    /// and returned this once for the signed format (and made again on a switch to it).
    /// </summary>
    public async Task<OperationResult<AlertSettingsSaved>> SaveAsync(Actor actor, AlertSettingsInput input, CancellationToken cancellationToken = default)
    {
        if (await access.CheckAsync(actor, TeamRole.Admin, What, cancellationToken) is { } refused)
        {
            return refused;
        }

        var typed = string.IsNullOrWhiteSpace(input.WebhookUrl) ? null : input.WebhookUrl.Trim();
        if (typed is not null && await CheckUrlAsync(typed, cancellationToken) is { } problem)
        {
            return OperationError.Field(nameof(AlertSettingsInput.WebhookUrl), problem);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var settings = await db.Set<AlertSettings>().FirstOrDefaultAsync(s => s.TeamId == actor.TeamId, cancellationToken);
        var stored = settings is null ? null : AlertSecrets.Open(protector, settings.ProtectedSecrets);
        var url = typed ?? stored?.Url;
        if (url is null)
        {
            return OperationError.Field(nameof(AlertSettingsInput.WebhookUrl), "Webhook URL is required: the address that receives the alerts, starting with https://.");
        }

        // A secret is made with the webhook, and again on a switch to the signed format (the receiver needs it, and it was never shown for Slack).
        var newSecret = stored is null || (input.Format == AlertFormat.SignedJson && settings!.Format != AlertFormat.SignedJson) ? AlertSecrets.NewSigningSecret() : null;
        if (settings is null)
        {
            settings = AlertSettings.Create(actor.TeamId);
            db.Add(settings);
        }

        var changed = new List<string>();
        if (typed is not null && typed != stored?.Url)
        {
            changed.Add("URL");
        }

        if (settings.Format != input.Format || stored is null)
        {
            changed.Add("Format");
        }

        settings.Change(AlertSecrets.Hint(url), input.Format, new AlertSecrets(url, newSecret ?? stored!.SigningSecret).Protect(protector), Now);
        activity.Add(db, actor, ActivityActions.AlertWebhookChanged, ActivityObjects.AlertWebhook, actor.TeamId, "Alert webhook",
            changed.Count == 0 ? "No change" : $"Fields: {string.Join(", ", changed)}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return OperationResult<AlertSettingsSaved>.Ok(new AlertSettingsSaved(new AlertSettingsView(settings.WebhookHint, settings.Format, settings.UpdatedAt),
            input.Format == AlertFormat.SignedJson ? newSecret : null));
    }

    /// <summary>Replaces the signing secret; the new one is returned this once, the old one stops verifying at once.</summary>
    public async Task<OperationResult<string>> RotateSigningSecretAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (await access.CheckAsync(actor, TeamRole.Admin, What, cancellationToken) is { } refused)
        {
            return refused;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var settings = await db.Set<AlertSettings>().FirstOrDefaultAsync(s => s.TeamId == actor.TeamId, cancellationToken);
        if (settings is null || AlertSecrets.Open(protector, settings.ProtectedSecrets) is not { } stored)
        {
            return new OperationError(OperationErrorKind.Conflict, "Set the webhook URL first: the signing secret belongs to it.");
        }

        var secret = AlertSecrets.NewSigningSecret();
        settings.Change(settings.WebhookHint, settings.Format, (stored with { SigningSecret = secret }).Protect(protector), Now);
        activity.Add(db, actor, ActivityActions.AlertSigningSecretRotated, ActivityObjects.AlertWebhook, actor.TeamId, "Alert webhook");
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult<string>.Ok(secret);
    }

    /// <summary>
    /// Removes the webhook: no further alert is queued, and waiting ones are given up (not sent later,
    /// not even to a webhook set again), in the same transaction.
    /// </summary>
    public async Task<OperationResult> RemoveAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (await access.CheckAsync(actor, TeamRole.Admin, What, cancellationToken) is { } refused)
        {
            return refused;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var settings = await db.Set<AlertSettings>().FirstOrDefaultAsync(s => s.TeamId == actor.TeamId, cancellationToken);
        if (settings is not null)
        {
            var now = Now;
            await db.Set<AlertDelivery>().Where(d => d.TeamId == actor.TeamId && d.DeliveredAt == null && d.GaveUpAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.GaveUpAt, now).SetProperty(d => d.LastError, AlertDelivery.WebhookRemoved), cancellationToken);
            db.Remove(settings);
            activity.Add(db, actor, ActivityActions.AlertWebhookRemoved, ActivityObjects.AlertWebhook, actor.TeamId, "Alert webhook");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return OperationResult.Ok();
    }

    /// <summary>Queues a test message, sent at the delivery service's next pass (within seconds).</summary>
    public async Task<OperationResult> SendTestAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (await access.CheckAsync(actor, TeamRole.Admin, What, cancellationToken) is { } refused)
        {
            return refused;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (!await db.Set<AlertSettings>().AnyAsync(s => s.TeamId == actor.TeamId, cancellationToken))
        {
            return new OperationError(OperationErrorKind.Conflict, "Set the webhook URL first.");
        }

        db.Add(AlertDelivery.Create(actor.TeamId, null, "Test message", "Agent Hub", AlertKind.Test, "Test", null, null, Now));
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Ok();
    }

    /// <summary>The team's latest messages, newest first, with how their delivery went.</summary>
    public async Task<IReadOnlyList<AlertDeliveryView>> ListDeliveriesAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<AlertDelivery>().AsNoTracking().Where(d => d.TeamId == actor.TeamId)
            .OrderByDescending(d => d.OccurredAt).Take(ListedDeliveries).ToListAsync(cancellationToken);
        return rows.Select(d => new AlertDeliveryView(
            d.Id, d.Kind, d.CredentialName, AlertMessage.Text(d), d.OccurredAt, d.Attempts, d.DeliveredAt, d.GaveUpAt, d.NextAttemptAt, d.LastError)).ToList();
    }

    /// <summary>The outbound rules for a typed webhook URL, said at the field; null when it may be called.</summary>
    private async Task<string?> CheckUrlAsync(string url, CancellationToken cancellationToken)
    {
        if (url.Length > MaxUrlLength)
        {
            return $"Webhook URL must be at most {MaxUrlLength:N0} characters.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host) || uri.Scheme is not ("https" or "http"))
        {
            return "Webhook URL must be a full address starting with https://, such as https://hooks.slack.com/services/….";
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return "Webhook URL must start with https://: Agent Hub only calls encrypted endpoints.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return "Webhook URL must not contain a user name, password or # part.";
        }

        if (guard.AllowPrivate)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return $"Webhook URL: the host {uri.Host} could not be found. Check the address.";
        }

        // Checked again at every connection (DNS rebinding); said here so the admin learns it at the field.
        return addresses.Any(OutboundGuard.IsPrivate)
            ? "Webhook URL points to a private or local network, which Agent Hub does not call. An operator can allow it with AgentHub:Network:AllowPrivateEndpoints=true."
            : null;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}
