namespace AgentHub.Core.Providers;

/// <summary>How a provider field is entered, validated and stored.</summary>
public enum FieldKind
{
    /// <summary>A secret (API key, token): encrypted at rest, never sent back to the browser.</summary>
    Secret,

    /// <summary>Plain text stored in clear.</summary>
    Text,

    /// <summary>An HTTPS URL that the server calls; subject to the outbound rules.</summary>
    Url,

    /// <summary>A JSON document that is itself a secret (a service-account key).</summary>
    Json,

    /// <summary>One value from <see cref="ProviderField.Options"/>.</summary>
    Select,

    /// <summary>HTTP headers, one <c>Name: value</c> per line; the values are secrets.</summary>
    Headers,

    /// <summary>PEM certificates in clear (a CA bundle is public material).</summary>
    Pem,
}
