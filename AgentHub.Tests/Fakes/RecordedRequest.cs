namespace AgentHub.Tests.Fakes;

/// <summary>A request a fake received, for assertions on paths, headers and bodies.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The HTTP version the request came in with, e.g. <c>HTTP/2</c>.</summary>
    public string Protocol { get; init; } = "";

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
