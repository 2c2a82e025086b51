namespace AgentHub.Core.Verification.Clients;

/// <summary>
/// A Vertex AI credential's target: its calls name a Google Cloud project (billed, and holding the
/// models) and a location, from the credential's Project and Location or the key's project_id.
/// </summary>
/// <param name="BaseUrl">The regional (or global) API base.</param>
/// <param name="Headers">The access token's Authorization header.</param>
/// <param name="Http">The client to send with.</param>
/// <param name="Project">The project whose models are called and billed.</param>
/// <param name="Location">The Vertex AI region (or <c>global</c>).</param>
public sealed record VertexTarget(Uri BaseUrl, IReadOnlyList<KeyValuePair<string, string>> Headers, HttpClient Http, string Project, string Location)
    : ProviderTarget(BaseUrl, Headers, Http)
{
    /// <inheritdoc />
    public override string? ModelsPath =>
        $"v1/projects/{Uri.EscapeDataString(Project)}/locations/{Uri.EscapeDataString(Location)}/publishers/google/models/";
}
