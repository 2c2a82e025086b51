namespace AgentHub.Web.Components.Pages.AgentHub.Models;

/// <summary>What a reload restores of an open connect / edit model dialog (none of its fields is a secret).</summary>
public sealed record ModelDraft
{
    /// <summary>The draft's place in the browser (one per tab).</summary>
    public const string Tab = "models";

    /// <summary>The model connection being edited; null for the connect dialog.</summary>
    public Guid? ModelConnectionId { get; init; }

    /// <summary>The version the edit started from, so a change made meanwhile is still detected on Save.</summary>
    public Guid? Version { get; init; }

    public Guid? CredentialId { get; init; }

    public string ModelId { get; init; } = "";

    public double? Temperature { get; init; }

    public int? MaxTokens { get; init; }

    public double? TopP { get; init; }

    public string? AdditionalParameters { get; init; }

    public static ModelDraft Of(ModelInput input, Guid? modelConnectionId, Guid? version) => new()
    {
        ModelConnectionId = modelConnectionId,
        Version = version,
        CredentialId = input.CredentialId,
        ModelId = input.ModelId,
        Temperature = input.Temperature,
        MaxTokens = input.MaxTokens,
        TopP = input.TopP,
        AdditionalParameters = input.AdditionalParameters,
    };

    public void ApplyTo(ModelInput input)
    {
        input.CredentialId = CredentialId;
        input.ModelId = ModelId;
        input.Temperature = Temperature;
        input.MaxTokens = MaxTokens;
        input.TopP = TopP;
        input.AdditionalParameters = AdditionalParameters;
    }
}
