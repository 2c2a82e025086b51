using AgentHub.Core.Credentials;

namespace AgentHub.Core.Models;

/// <summary>A model connected to the team through one of its credentials.</summary>
public sealed class ModelConnection
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid TeamId { get; set; }

    /// <summary>Null once the credential was deleted (the model is then Invalid).</summary>
    public Guid? CredentialId { get; set; }

    public Credential? Credential { get; set; }

    /// <summary>The provider, fixed at connection: a model only moves between credentials of this provider.</summary>
    public required string ProviderId { get; set; }

    /// <summary>The provider's model name or ID.</summary>
    public required string ModelId { get; set; }

    /// <summary>The name agents use as <c>model</c> on the gateway, unique in the team; defaults to <see cref="ModelId"/>.</summary>
    public string Alias { get; set; } = "";

    /// <summary>Upper-case invariant form of <see cref="Alias"/>: aliases are unique and looked up ignoring case.</summary>
    public string NormalizedAlias { get; set; } = "";

    public double? Temperature { get; set; }

    public int? MaxTokens { get; set; }

    public double? TopP { get; set; }

    /// <summary>Further request parameters as a JSON object, or null.</summary>
    public string? AdditionalParameters { get; set; }

    public ModelState State { get; set; }

    /// <summary>Why the model is Invalid ("Credential 'X' was deleted").</summary>
    public string? InvalidReason { get; set; }

    public DateTime ConnectedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token, replaced on every edit.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    internal static string NormalizeAlias(string alias) => alias.Trim().ToUpperInvariant();
}
