using AgentHub.Core.Alerts;
using AgentHub.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgentHub.Web.Components.Pages.AgentHub.Alerts;

/// <summary>
/// The Alerts tab's behaviour: the webhook form, test, rotation and removal, and the recent messages,
/// read again every few seconds while one of them is still on its way.
/// </summary>
public partial class AlertsTab : TeamTabBase, IDisposable
{
    private CancellationTokenSource? _watching;
    private AlertSettingsView? _settings;
    private IReadOnlyList<AlertDeliveryView> _deliveries = [];
    private string? _url;
    private string? _urlError;
    private AlertFormat _format = AlertFormat.Slack;
    private string? _shownSecret;
    private bool _loaded;
    private bool _busy;

    [Inject]
    private AlertSettingsService Alerts { get; set; } = null!;

    protected override async Task ReloadAsync()
    {
        if (Member is null)
        {
            _settings = null;
            _deliveries = [];
        }
        else
        {
            _settings = await Alerts.GetAsync(Actor);
            _format = _settings?.Format ?? _format;
            _deliveries = await Alerts.ListDeliveriesAsync(Actor);
        }

        _loaded = true;
        WatchWhilePending();
    }

    /// <summary>Whether a listed message is neither delivered nor given up.</summary>
    private bool Pending => _deliveries.Any(d => d.DeliveredAt is null && d.GaveUpAt is null);

    /// <summary>Starts re-reading the messages (one query every <see cref="AlertDeliveryLoop.Interval"/>) while one is pending, so its delivery or failure shows without a reload.</summary>
    private void WatchWhilePending()
    {
        if (_watching is null && Pending)
        {
            _watching = new CancellationTokenSource();
            _ = WatchAsync(_watching);
        }
    }

    private async Task WatchAsync(CancellationTokenSource watching)
    {
        using var timer = new PeriodicTimer(AlertDeliveryLoop.Interval);
        try
        {
            while (Pending && await timer.WaitForNextTickAsync(watching.Token))
            {
                await InvokeAsync(async () =>
                {
                    _deliveries = await Alerts.ListDeliveriesAsync(Actor, watching.Token);
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException) when (watching.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }
        finally
        {
            // Started on the renderer's dispatcher, so this runs there too (as Dispose does).
            if (_watching == watching)
            {
                _watching = null;
            }

            watching.Dispose();
        }
    }

    public void Dispose()
    {
        // The watch loop ends on the cancellation and disposes its source.
        _watching?.Cancel();
        _watching = null;
    }

    private async Task SaveAsync()
    {
        _urlError = null;
        await RunAsync(async () =>
        {
            var result = await Alerts.SaveAsync(Actor, new AlertSettingsInput { WebhookUrl = _url, Format = _format });
            if (!result.Succeeded)
            {
                _urlError = result.Error.FieldErrors.TryGetValue(nameof(AlertSettingsInput.WebhookUrl), out var messages) ? messages[0] : null;
                Snackbar.Add(result.Error.Message, Severity.Error);
                return;
            }

            // Shown once, for the signed format's receiver.
            _shownSecret = result.Value.NewSigningSecret;
            _url = null;
            Snackbar.Add("Alert webhook saved.", Severity.Success);
        });
    }

    private Task SendTestAsync() => RunAsync(async () =>
    {
        var result = await Alerts.SendTestAsync(Actor);
        Snackbar.Add(result.Succeeded ? "Test message queued: its delivery shows below within seconds." : result.Error.Message, result.Succeeded ? Severity.Success : Severity.Error);
    });

    private Task RotateAsync() => RunAsync(async () =>
    {
        var result = await Alerts.RotateSigningSecretAsync(Actor);
        _shownSecret = result.Succeeded ? result.Value : null;
        Snackbar.Add(result.Succeeded ? "New signing secret made: the old one no longer signs." : result.Error.Message, result.Succeeded ? Severity.Success : Severity.Error);
    });

    private async Task RemoveAsync()
    {
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Title, "Remove the alert webhook?" },
            { d => d.Message, $"Agent Hub stops posting alerts to {_settings?.WebhookHint}, and messages still waiting are not sent. Set a webhook again to receive alerts." },
            { d => d.ConfirmText, "Remove" },
        };
        if (await Dialog.ShowAsync<ConfirmDialog>("Remove the alert webhook?", parameters, DialogPresets.Small) is not { Canceled: false })
        {
            return;
        }

        await RunAsync(async () =>
        {
            var result = await Alerts.RemoveAsync(Actor);
            if (result.Succeeded)
            {
                // The form starts empty, as for a team that never set one.
                (_url, _urlError, _shownSecret, _format) = (null, null, null, AlertFormat.Slack);
            }

            Snackbar.Add(result.Succeeded ? "Alert webhook removed: no alert is sent until one is set again." : result.Error.Message, result.Succeeded ? Severity.Success : Severity.Error);
        });
    }

    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        try
        {
            await action();
            await ReloadAsync();
        }
        finally
        {
            _busy = false;
        }
    }
}
