namespace AgentHub.Core.Models;

/// <summary>What the connect and edit model forms submit.</summary>
public sealed class ModelInput
{
    /// <summary>The credential to call the model through; must be Verified and of the model's provider.</summary>
    public Guid? CredentialId { get; set; }

    /// <summary>The provider's model name or ID.</summary>
    public string ModelId { get; set; } = "";

    /// <summary>The name agents use as <c>model</c> on the gateway; blank means the model ID.</summary>
    public string? Alias { get; set; }

    public double? Temperature { get; set; }

    public int? MaxTokens { get; set; }

    public double? TopP { get; set; }

    /// <summary>Further request parameters as a JSON object, e.g. <c>{"seed": 7}</c>.</summary>
    public string? AdditionalParameters { get; set; }
}
