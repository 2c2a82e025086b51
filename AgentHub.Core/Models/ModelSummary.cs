namespace AgentHub.Core.Models;

/// <summary>A model as the Models tab shows it.</summary>
public sealed record ModelSummary(
    Guid Id,
    string ModelId,
    string ProviderId,
    string ProviderName,
    Guid? CredentialId,
    string? CredentialName,
    ModelParameters Parameters,
    ModelStatus Status,
    string? StatusReason,
    DateTime ConnectedAt,
    Guid Version)
{
    /// <summary>The name agents use as <c>model</c> on the gateway.</summary>
    public string Alias { get; init; } = ModelId;
}

/// <summary>The request parameters a model adds, as values (the Web project words them); <paramref name="AdditionalCount"/> counts the further JSON parameters.</summary>
public sealed record ModelParameters(double? Temperature, int? MaxTokens, double? TopP, int AdditionalCount);

/// <summary>A model as the edit form needs it.</summary>
public sealed record ModelDetails(Guid Id, string ProviderId, ModelInput Input, Guid Version);

/// <summary>Model IDs to suggest, or why the provider's list could not be read.</summary>
public sealed record ModelSuggestions(IReadOnlyList<string> Models, string? Problem);
