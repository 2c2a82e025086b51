using System.Net.Http.Headers;
using System.Text.Json;
using AgentHub.Core.Verification.Http;

namespace AgentHub.Core.Verification.Clients;

/// <summary>
/// Where and how one credential's calls go: the API base, the headers that authenticate them and
/// the client that carries them (the shared typed client, or one trusting a credential's own CA).
/// </summary>
/// <param name="BaseUrl">The API base, ending with <c>/</c>.</param>
/// <param name="Headers">Headers sent on every call (authentication, API version, extra headers).</param>
/// <param name="Http">The client to send with.</param>
/// <param name="OwnsClient">True when <paramref name="Http"/> was made for this credential alone and is disposed with the target.</param>
public record ProviderTarget(Uri BaseUrl, IReadOnlyList<KeyValuePair<string, string>> Headers, HttpClient Http, bool OwnsClient = false) : IDisposable
{
    /// <summary>
    /// The path, relative to <see cref="BaseUrl"/> and ending with <c>/</c>, under which this
    /// credential's models are addressed, where the credential decides it (Vertex AI's project and
    /// location); null where a provider's paths do not depend on the credential.
    /// </summary>
    public virtual string? ModelsPath => null;

    /// <summary>Values that authenticate the calls without being the credential's own (Vertex AI's access token): masked in answers too.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>
    /// The use of a kept client that trusts this credential's own CA (<see cref="PinnedTrustClients"/>),
    /// returned with the target; null when <see cref="Http"/> is the shared client or one of the target's own.
    /// </summary>
    public IDisposable? Lease { get; init; }

    /// <summary>
    /// Whether <see cref="Http"/> carries trust of this credential's own (a CA certificate): the call
    /// must go through it, not through a client shared by every credential.
    /// </summary>
    public bool HasOwnTrust => OwnsClient || Lease is not null;

    public void Dispose()
    {
        Lease?.Dispose();
        if (OwnsClient)
        {
            Http.Dispose();
        }
    }

    /// <summary>A request to a path relative to <see cref="BaseUrl"/> (no leading slash), with the target's headers.</summary>
    public HttpRequestMessage Request(HttpMethod method, string relativePath, object? jsonBody = null)
    {
        var message = new HttpRequestMessage(method, new Uri(BaseUrl, relativePath));
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (jsonBody is not null)
        {
            // UTF-8 straight from the serializer (no intermediate string), with its length, as StringContent would send it.
            message.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(jsonBody));
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        return message;
    }

    // Headers hold keys: keep them out of anything that prints this record.
    public sealed override string ToString() => $"ProviderTarget {{ BaseUrl = {BaseUrl} }}";
}
