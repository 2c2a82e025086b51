using AgentHub.Core;
using AgentHub.Core.Credentials;
using AgentHub.Core.Teams;
using AgentHub.Core.Providers;
using AgentHub.Web.Components.Shared;
using FluentValidation;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgentHub.Web.Components.Pages.AgentHub.Credentials;

/// <summary>The create / edit dialog. Closes with the stored <see cref="CredentialSummary"/>.</summary>
public partial class CredentialDialog
{
    private MudForm? _form;
    private CredentialInput _input = new();
    private IReadOnlySet<string> _storedSecrets = new HashSet<string>();
    private IReadOnlyDictionary<string, string[]> _serverErrors = new Dictionary<string, string[]>();
    private Guid _version;
    private string _originalName = "";
    private StoredCredential? _stored;
    private (CredentialStatus Status, string? Message, string? Detail)? _lastStatus;
    private bool _busy;
    private string? _progress;
    private string? _problem;
    private string? _problemDetail;
    private string? _loadError;

    [CascadingParameter]
    public IMudDialogInstance MudDialog { get; set; } = null!;

    /// <summary>Who acts, in which team.</summary>
    [Parameter, EditorRequired]
    public Actor Actor { get; set; } = null!;

    /// <summary>The credential to edit; null to create one.</summary>
    [Parameter]
    public Guid? CredentialId { get; set; }

    [Inject]
    private CredentialService Credentials { get; set; } = null!;

    [Inject]
    private ProviderCatalog Catalog { get; set; } = null!;

    [Inject]
    private CredentialInputValidator Validator { get; set; } = null!;

    private bool IsEdit => CredentialId is not null;

    private ProviderSchema? Schema => Catalog.Find(_input.ProviderId);

    protected override async Task OnInitializedAsync()
    {
        if (CredentialId is not { } id)
        {
            return;
        }

        var details = await Credentials.GetAsync(Actor, id);
        if (details is null)
        {
            _loadError = "This credential no longer exists. Close this dialog to see the current list.";
            return;
        }

        // Only clear settings and the names of stored secret fields reach this component.
        _input = details.ToInput();
        _storedSecrets = details.StoredSecretFields;
        _version = details.Version;
        _originalName = details.Name;
        _stored = details.Stored;
        var summary = await Credentials.GetSummaryAsync(Actor, id);
        _lastStatus = summary is null ? null : (summary.Status, summary.StatusMessage, summary.StatusDetail);
    }

    private void OnProviderChanged(string? providerId)
    {
        _input.ProviderId = providerId ?? "";
        _input.Values = [];
        _serverErrors = new Dictionary<string, string[]>();
    }

    private IEnumerable<string> Rule(string property, string? value)
    {
        var probe = new CredentialInput { Name = property == "Name" ? value ?? "" : "x", Description = property == "Description" ? value : null, ProviderId = _input.ProviderId };
        return Validator.Validate(ValidationContext<CredentialInput>.CreateWithOptions(probe, o => o.IncludeProperties(property))).Errors.Select(e => e.ErrorMessage);
    }

    private string? ServerError(string property) => _serverErrors.TryGetValue(property, out var messages) ? messages[0] : null;

    private void Cancel() => MudDialog.Cancel();

    private async Task SubmitAsync()
    {
        // Taken before validation, so Enter and a click in quick succession submit once.
        if (_busy || _form is null)
        {
            return;
        }

        _busy = true;
        await MudDialog.LockAsync(true);
        try
        {
            _serverErrors = new Dictionary<string, string[]>();
            _problem = null;
            _problemDetail = null;
            await _form.ValidateAsync();
            if (!_form.IsValid || Schema is not { } schema)
            {
                return;
            }

            if (IsEdit)
            {
                await SaveAsync(schema);
            }
            else
            {
                await CreateAsync(schema);
            }
        }
        finally
        {
            _busy = false;
            _progress = null;
            await MudDialog.LockAsync(false);
        }
    }

    private async Task CreateAsync(ProviderSchema schema)
    {
        _progress = "Saving…";
        var created = await Credentials.CreateAsync(Actor, _input);
        if (!created.Succeeded)
        {
            ShowError(created.Error!);
            return;
        }

        _progress = $"Verifying with {schema.DisplayName}…";
        StateHasChanged();
        var verified = await Credentials.VerifyAsync(Actor, created.Value!.Id);
        // Edited or deleted elsewhere while the provider answered: report that rather than a stale status.
        MudDialog.Close(verified.Succeeded ? DialogResult.Ok(verified.Value!) : DialogResult.Ok(verified.Error!.Message));
    }

    private async Task SaveAsync(ProviderSchema schema)
    {
        // The same rules the server applies: a refusal shows at its field before any call.
        if (_stored is null)
        {
            return;
        }

        var edit = new CredentialEdit(schema, _stored, _input);
        if (edit.Refusal() is { } refusal)
        {
            ShowError(refusal);
            return;
        }

        _progress = edit.ChangesAuthentication ? $"Verifying with {schema.DisplayName}…" : "Saving…";
        var saved = await Credentials.UpdateAsync(Actor, CredentialId!.Value, _input, _version);
        if (!saved.Succeeded)
        {
            ShowError(saved.Error!);
            return;
        }

        MudDialog.Close(DialogResult.Ok(saved.Value!));
    }

    private void ShowError(OperationError error)
    {
        _serverErrors = error.FieldErrors;
        if (error.FieldErrors.Count == 0)
        {
            _problem = error.Message;
            _problemDetail = error.Verification?.Detail;
        }
    }
}
