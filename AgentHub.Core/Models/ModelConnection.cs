namespace AgentHub.Core.Models;

/// <summary>
/// A model connected to the team through one of its credentials. Its state changes only through
/// its methods: it attaches only to a credential of its own provider, every edit gets a new
/// <see cref="Version"/>, and a model left without its credential is Invalid with the reason.
/// </summary>
public sealed class ModelConnection
{
    // For EF Core, which sets the columns through the private setters.
    private ModelConnection()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid TeamId { get; private set; }

    /// <summary>Null once the credential was deleted (the model is then Invalid).</summary>
    public Guid? CredentialId { get; private set; }

    public Credential? Credential { get; private set; }

    /// <summary>The provider, fixed at connection: a model only moves between credentials of this provider.</summary>
    public string ProviderId { get; private set; } = "";

    /// <summary>The provider's model name or ID.</summary>
    public string ModelId { get; private set; } = "";

    /// <summary>The name agents use as <c>model</c> on the gateway, unique in the team; defaults to <see cref="ModelId"/>.</summary>
    public string Alias { get; private set; } = "";

    /// <summary>Upper-case invariant form of <see cref="Alias"/>: aliases are unique and looked up ignoring case.</summary>
    public string NormalizedAlias { get; private set; } = "";

    public double? Temperature { get; private set; }

    public int? MaxTokens { get; private set; }

    public double? TopP { get; private set; }

    /// <summary>Further request parameters as a JSON object, or null.</summary>
    public string? AdditionalParameters { get; private set; }

    public ModelState State { get; private set; }

    /// <summary>Why the model is Invalid ("Credential 'X' was deleted").</summary>
    public string? InvalidReason { get; private set; }

    public DateTime ConnectedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency token, replaced on every edit.</summary>
    public Guid Version { get; private set; } = Guid.NewGuid();

    /// <summary>A model connected through <paramref name="credential"/>, whose provider it keeps for good.</summary>
    internal static ModelConnection Connect(Guid teamId, Credential credential, ModelInput input, DateTime at)
    {
        var model = new ModelConnection { TeamId = teamId, ProviderId = credential.ProviderId, ConnectedAt = at };
        model.AttachTo(credential);
        model.Edit(input, at);
        return model;
    }

    /// <summary>Uses <paramref name="credential"/> from now on; an Invalid model becomes Connected again.</summary>
    /// <exception cref="InvalidOperationException">The credential is of another provider.</exception>
    internal void AttachTo(Credential credential)
    {
        if (credential.ProviderId != ProviderId)
        {
            throw new InvalidOperationException("A model only moves between credentials of its own provider.");
        }

        Credential = credential;
        CredentialId = credential.Id;
        State = ModelState.Connected;
        InvalidReason = null;
    }

    /// <summary>Stores the model ID and parameters of <paramref name="input"/> (a blank Alias means the model ID).</summary>
    internal void Edit(ModelInput input, DateTime at)
    {
        ModelId = input.ModelId.Trim();
        Alias = AliasOf(input);
        NormalizedAlias = NormalizeAlias(Alias);
        Temperature = input.Temperature;
        MaxTokens = input.MaxTokens;
        TopP = input.TopP;
        AdditionalParameters = AdditionalOf(input);
        UpdatedAt = at;
        Version = Guid.NewGuid();
    }

    /// <summary>Its credential was deleted: the model stays, Invalid, saying so.</summary>
    internal void MarkCredentialDeleted(string credentialName, DateTime at)
    {
        Credential = null;
        CredentialId = null;
        State = ModelState.Invalid;
        InvalidReason = $"Credential '{credentialName}' was deleted";
        UpdatedAt = at;
        Version = Guid.NewGuid();
    }

    /// <summary>The alias an input stores: its Alias trimmed, or the model ID when blank.</summary>
    internal static string AliasOf(ModelInput input) => string.IsNullOrWhiteSpace(input.Alias) ? input.ModelId.Trim() : input.Alias.Trim();

    /// <summary>The additional parameters an input stores: trimmed JSON, or null when blank.</summary>
    internal static string? AdditionalOf(ModelInput input) =>
        string.IsNullOrWhiteSpace(input.AdditionalParameters) ? null : input.AdditionalParameters.Trim();

    internal static string NormalizeAlias(string alias) => alias.Trim().ToUpperInvariant();
}
