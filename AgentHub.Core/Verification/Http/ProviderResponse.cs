using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AgentHub.Core.Verification.Http;

/// <summary>A provider's answer, read up to <see cref="MaxBodyBytes"/>, with JSON helpers for classifying it.</summary>
public sealed class ProviderResponse
{
    /// <summary>Bodies are read up to 1 MiB; a longer answer is cut and flagged.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private ProviderResponse(HttpStatusCode status, string body, bool truncated, HttpResponseHeaders headers, string? mediaType)
    {
        Status = status;
        Body = body;
        Truncated = truncated;
        Headers = headers;
        MediaType = mediaType;
        Json = TryParse(body);
    }

    public HttpStatusCode Status { get; }

    public int Code => (int)Status;

    public string Body { get; }

    /// <summary>The body was longer than <see cref="MaxBodyBytes"/> and was not read whole.</summary>
    public bool Truncated { get; }

    public HttpResponseHeaders Headers { get; }

    public string? MediaType { get; }

    /// <summary>The body as JSON, or null when it is not JSON.</summary>
    public JsonElement? Json { get; }

    public bool IsSuccess => Code is >= 200 and < 300;

    public bool IsRedirect => Code is >= 300 and < 400;

    /// <summary>
    /// Reads <paramref name="response"/>'s body without ever holding more than the cap, and masks
    /// <paramref name="secrets"/> in it before anything (a detail excerpt, a parsed message) is cut from it.
    /// </summary>
    public static async Task<ProviderResponse> ReadAsync(HttpResponseMessage response, IEnumerable<string> secrets, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while (body.Length <= MaxBodyBytes && (n = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            body.Write(chunk, 0, n);
        }

        var truncated = body.Length > MaxBodyBytes;
        var text = Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)Math.Min(body.Length, MaxBodyBytes));
        return new ProviderResponse(response.StatusCode, Redactor.Redact(text, secrets), truncated, response.Headers, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The string at a path of property names (e.g. "error", "code"), or null.</summary>
    public string? String(params string[] path) => Find(path) is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;

    /// <summary>The value at a path as text whether it is a JSON string or number (providers differ), or null.</summary>
    public string? Text(params string[] path) => Find(path) switch
    {
        { ValueKind: JsonValueKind.String } e => e.GetString(),
        { ValueKind: JsonValueKind.Number } e => e.GetRawText(),
        _ => null,
    };

    /// <summary>The element at a path, or null.</summary>
    public JsonElement? Find(params string[] path)
    {
        if (Json is not { } current)
        {
            return null;
        }

        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>Whether the element at <paramref name="path"/> is a JSON array.</summary>
    public bool HasArray(params string[] path) => Find(path) is { ValueKind: JsonValueKind.Array };

    /// <summary>A short excerpt of the body for the details panel.</summary>
    public string Excerpt(int max = 500) =>
        Body.Length <= max ? Body.Trim() : Body[..max].Trim() + "…";

    private static JsonElement? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] is not ('{' or '['))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
