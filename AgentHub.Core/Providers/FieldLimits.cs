namespace AgentHub.Core.Providers;

/// <summary>
/// The longest value each kind of input accepts, in characters. The validators enforce these
/// numbers (this is their one source), the forms show them, and the web app sizes the live
/// connection's messages from <see cref="CircuitMessageBytes"/> so a value over its maximum still
/// reaches the server and is refused with a message at its field instead of dropping the page.
/// </summary>
public static class FieldLimits
{
    /// <summary>API keys and tokens: the longest real keys (Bedrock API keys) are under 2,000 characters.</summary>
    public const int Key = 4_096;

    /// <summary>JSON documents and PEM bundles (a service-account key, a CA bundle): 64 KiB.</summary>
    public const int Document = 64 * 1024;

    /// <summary>Extra HTTP headers, all lines together: 8 KiB, what most servers accept in a request head.</summary>
    public const int Headers = 8 * 1024;

    /// <summary>Short text and URLs unless their field says less.</summary>
    public const int Text = 2_000;

    /// <summary>A model's Additional parameters (a JSON object): 16 KiB.</summary>
    public const int AdditionalParameters = 16 * 1024;

    /// <summary>
    /// The largest message the browser may send over the live connection: 1 MiB, sixteen times the
    /// largest field. A field's whole value travels in one message; JSON escaping makes a character
    /// take up to six bytes, and a paste well beyond the maximum must still arrive to be refused.
    /// </summary>
    public const long CircuitMessageBytes = 1024 * 1024;

    /// <summary>The default maximum of a provider field of <paramref name="kind"/>.</summary>
    public static int For(FieldKind kind) => kind switch
    {
        FieldKind.Secret => Key,
        FieldKind.Json or FieldKind.Pem => Document,
        FieldKind.Headers => Headers,
        _ => Text,
    };
}
