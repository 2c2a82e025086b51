using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using AgentHub.Core.Providers.Vertex;

namespace AgentHub.Core.Providers;

/// <summary>
/// The eight providers Agent Hub supports, and the API base each one is called at
/// (<c>AgentHub:Providers:&lt;id&gt;:BaseUrl</c> overrides the public default).
/// </summary>
public sealed class ProviderCatalog
{
    private readonly IConfiguration _configuration;

    // The operator's URLs, read once and again only when the configuration reloads: every gateway call asks
    // for them, and each read of the app's configuration takes a lock. A reload replaces the whole cache, so
    // a value read from the old configuration while it reloads lands in the cache that is thrown away.
    private volatile UrlCache _cache = new();

    public ProviderCatalog(IConfiguration configuration)
    {
        _configuration = configuration;
        ChangeToken.OnChange(configuration.GetReloadToken, () => _cache = new UrlCache());
    }

    /// <summary>The providers in the order the Provider select lists them.</summary>
    public IReadOnlyList<ProviderSchema> All => Schemas;

    /// <summary>The schema with this id, or null.</summary>
    public ProviderSchema? Find(string? id) => Schemas.FirstOrDefault(s => s.Id == id);

    /// <summary>The schema with this id; throws for an id that is not in the catalog.</summary>
    public ProviderSchema Get(string id) =>
        Find(id) ?? throw new ArgumentException($"Unknown provider '{id}'.", nameof(id));

    /// <summary>
    /// The base URL the operator configured for this provider, normalised to end with <c>/</c>,
    /// or null when none is configured. Operator URLs are trusted by the outbound guard.
    /// </summary>
    public Uri? ConfiguredBaseUrl(string providerId)
    {
        return ConfiguredUrl(providerId, "BaseUrl") is { } configured ? WithTrailingSlash(configured) : null;
    }

    /// <summary>An operator setting of a provider that is a URL (<c>AgentHub:Providers:&lt;id&gt;:&lt;key&gt;</c>), or null.</summary>
    public Uri? ConfiguredUrl(string providerId, string key) => ConfiguredUrl(_cache, providerId, key);

    private Uri? ConfiguredUrl(UrlCache cache, string providerId, string key) => cache.Urls.GetOrAdd((providerId, key), static (k, configuration) =>
    {
        var configured = configuration[$"AgentHub:Providers:{k.ProviderId}:{k.Key}"];
        return string.IsNullOrWhiteSpace(configured) ? null : new Uri(configured, UriKind.Absolute);
    }, _configuration);

    /// <summary>
    /// The URLs the operator configured for a provider (its BaseUrl, Vertex AI's TokenUrl): the
    /// outbound guard trusts that provider's calls under them, and no one else's.
    /// </summary>
    public IReadOnlyList<Uri> TrustedUrls(string providerId)
    {
        var cache = _cache;
        return cache.Trusted.GetOrAdd(providerId, id =>
            new[] { ConfiguredUrl(cache, id, "BaseUrl"), ConfiguredUrl(cache, id, "TokenUrl") }.OfType<Uri>().ToArray());
    }

    /// <summary>The host:port of every URL the operator configured, for any provider.</summary>
    public IEnumerable<string> ConfiguredAuthorities() =>
        Schemas.SelectMany(s => TrustedUrls(s.Id)).Select(u => $"{u.IdnHost}:{u.Port}");

    /// <summary>
    /// The API base for a credential: the operator's override, else the schema default with its
    /// <c>{field}</c> placeholders filled from <paramref name="values"/> (or the field defaults).
    /// Null for providers whose base the admin types (Databricks, Custom).
    /// </summary>
    public Uri? BaseUrlFor(ProviderSchema schema, IReadOnlyDictionary<string, string> values)
    {
        if (ConfiguredBaseUrl(schema.Id) is { } configured)
        {
            return configured;
        }

        if (schema.DefaultBaseUrl is null)
        {
            return null;
        }

        var url = schema.DefaultBaseUrl;
        foreach (var field in schema.Fields)
        {
            var value = values.TryGetValue(field.Key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : field.DefaultValue;
            url = url.Replace("{" + field.Key + "}", Uri.EscapeDataString(value ?? ""), StringComparison.Ordinal);
        }

        return WithTrailingSlash(new Uri(url, UriKind.Absolute));
    }

    /// <summary>Returns the URL with a path ending in <c>/</c>, so relative paths append instead of replacing its last segment.</summary>
    public static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith('/') ? uri : new UriBuilder(uri) { Path = uri.AbsolutePath + "/" }.Uri;

    private static readonly ProviderField ApiKeyRequired = new(
        FieldKeys.ApiKey, "API Key", FieldKind.Secret, Required: true,
        "The provider's secret key. It is encrypted and never shown again after you save.", IsAuth: true);

    /// <summary>The schemas, for what is decided before the app runs (which dialects to register).</summary>
    internal static readonly IReadOnlyList<ProviderSchema> Schemas =
    [
        new(ProviderIds.OpenAi, "OpenAI", "https://api.openai.com/v1/",
        [
            ApiKeyRequired with { HelpText = "Create one at platform.openai.com under API keys. It is encrypted and never shown again." },
            new(FieldKeys.OrganizationId, "Organization ID", FieldKind.Text, Required: false,
                "Only if your key belongs to several organizations: the org-… ID that requests should be billed to.", IsAuth: true)
            {
                MaxLength = 100,
                Placeholder = "org-…",
                Format = ("^org-[A-Za-z0-9_-]+$", "Organization ID starts with \"org-\", as shown in OpenAI's organization settings."),
            },
        ])
        { HintField = FieldKeys.ApiKey, SpeaksOpenAiChat = true, ModelIdExample = "gpt-4o-mini" },

        new(ProviderIds.Anthropic, "Anthropic", "https://api.anthropic.com/v1/",
        [
            ApiKeyRequired with { HelpText = "Create one in the Anthropic Console under API keys. It is encrypted and never shown again." },
        ])
        { HintField = FieldKeys.ApiKey, ModelIdExample = "claude-sonnet-4-5" },

        new(ProviderIds.Gemini, "Gemini", "https://generativelanguage.googleapis.com/v1beta/",
        [
            ApiKeyRequired with { HelpText = "A Gemini API key from Google AI Studio. It is encrypted and never shown again." },
        ])
        { HintField = FieldKeys.ApiKey, ModelIdExample = "gemini-2.0-flash" },

        new(ProviderIds.Fireworks, "Fireworks AI", "https://api.fireworks.ai/inference/v1/",
        [
            ApiKeyRequired with { HelpText = "A Fireworks API key; for a Direct-Route deployment, the key set on that deployment." },
            new(FieldKeys.BaseUrl, "Base URL", FieldKind.Url, Required: false,
                "Only for Direct-Route deployments: the deployment's URL. Leave blank for the shared Fireworks API.", IsAuth: true)
            {
                MaxLength = 500,
                Placeholder = "https://<handle>.direct.fireworks.ai/v1",
                IsDestination = true,
            },
        ])
        { HintField = FieldKeys.ApiKey, SpeaksOpenAiChat = true, ModelIdExample = "accounts/fireworks/models/llama-v3p1-8b-instruct" },

        new(ProviderIds.VertexAi, "Vertex AI", "https://{location}-aiplatform.googleapis.com/",
        [
            new(FieldKeys.ServiceAccountKey, "Service Account Key (JSON)", FieldKind.Json, Required: true,
                "Paste or upload the JSON key of a service account that has access to Vertex AI. It is encrypted and never shown again.", IsAuth: true)
            {
                ContentRule = VertexFieldRules.CheckKey,
            },
            new(FieldKeys.Project, "Project", FieldKind.Text, Required: false,
                "Only when the models live in another project than the key's project_id.", IsAuth: true)
            {
                MaxLength = 30,
                Format = ("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", "Project is a Google Cloud project ID: 6–30 lowercase letters, digits and hyphens."),
            },
            new(FieldKeys.Location, "Location", FieldKind.Text, Required: false,
                "The Vertex AI region to call. Leave blank for us-central1.", IsAuth: true)
            {
                DefaultValue = "us-central1",
                MaxLength = 40,
                Placeholder = "us-central1",
                Format = ("^(global|[a-z]+-[a-z]+[0-9]+)$", "Location is a Google Cloud region such as us-central1 or europe-west4."),
            },
        ])
        { HintField = FieldKeys.ServiceAccountKey, ModelIdExample = "gemini-2.0-flash-001", CrossFieldRule = VertexFieldRules.CheckKeyProject },

        new(ProviderIds.Databricks, "Databricks", null,
        [
            ApiKeyRequired with { HelpText = "A Databricks personal access token (dapi…) from the workspace below." },
            new(FieldKeys.WorkspaceUrl, "Workspace URL", FieldKind.Url, Required: true,
                "The address of your workspace; a token only works in the workspace that issued it.", IsAuth: true)
            {
                MaxLength = 500,
                Placeholder = "https://<workspace>.cloud.databricks.com",
                IsDestination = true,
            },
        ])
        { HintField = FieldKeys.ApiKey, SpeaksOpenAiChat = true, ModelIdExample = "databricks-meta-llama-3-3-70b-instruct" },

        new(ProviderIds.Bedrock, "AWS Bedrock", "https://bedrock.{region}.amazonaws.com/",
        [
            ApiKeyRequired with { HelpText = "A long-term Amazon Bedrock API key. It is encrypted and never shown again." },
            new(FieldKeys.Region, "Region", FieldKind.Select, Required: false,
                "The AWS region whose Bedrock endpoint is called. Leave blank for us-east-1.", IsAuth: true)
            {
                DefaultValue = "us-east-1",
                Options =
                [
                    "us-east-1", "us-east-2", "us-west-2", "ca-central-1", "sa-east-1",
                    "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1",
                    "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2",
                ],
            },
        ])
        { HintField = FieldKeys.ApiKey, ModelIdExample = "anthropic.claude-3-haiku-20240307-v1:0" },

        new(ProviderIds.Custom, "Custom", null,
        [
            new(FieldKeys.BaseUrl, "Base URL", FieldKind.Url, Required: true,
                "Your endpoint's HTTPS address, up to and including /v1. It must speak the OpenAI Chat Completions format.", IsAuth: true)
            {
                MaxLength = 500,
                Placeholder = "https://llm.example.com/v1",
                IsDestination = true,
            },
            new(FieldKeys.ApiKey, "API Key", FieldKind.Secret, Required: false,
                "Only if your endpoint asks for one; it is sent as a Bearer token.", IsAuth: true),
            new(FieldKeys.ExtraHeaders, "Extra headers", FieldKind.Headers, Required: false,
                "Headers your gateway needs on every call, one \"Name: value\" per line. Values are stored encrypted.", IsAuth: true),
            new(FieldKeys.CaCertificate, "CA certificate (PEM)", FieldKind.Pem, Required: false,
                "Only for endpoints signed by a private CA: that CA's certificate in PEM. Trusted for this credential only.", IsAuth: true)
            {
                // Another CA changes who can answer as the host: the secrets must be typed again.
                IsDestination = true,
            },
        ])
        { HintField = FieldKeys.ApiKey, SpeaksOpenAiChat = true },
    ];

    /// <summary>The operator's URLs by (provider, key), and each provider's trusted ones, as read from one configuration.</summary>
    private sealed class UrlCache
    {
        public ConcurrentDictionary<(string ProviderId, string Key), Uri?> Urls { get; } = new();

        public ConcurrentDictionary<string, Uri[]> Trusted { get; } = new();
    }
}
