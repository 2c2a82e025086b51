using Microsoft.Playwright;

namespace AgentHub.Bench.Runner;

/// <summary>
/// The bytes of a page's load as Chromium's DevTools protocol reports them: each HTTP response as it came over the wire
/// (headers and compression included), the document's apart, and the WebSocket frames received, which DevTools shows
/// decompressed (a measure of what the circuit sends, not of the wire: <see cref="ByteRelay"/> counts that).
/// </summary>
public sealed class DevToolsBytes
{
    private readonly Dictionary<string, string> _types = [];
    private double _html;
    private double _http;
    private double _frames;

    private DevToolsBytes()
    {
    }

    /// <summary>Starts counting what <paramref name="page"/> receives; call it before the page navigates.</summary>
    public static async Task<DevToolsBytes> CountAsync(IBrowserContext context, IPage page)
    {
        var counter = new DevToolsBytes();
        var cdp = await context.NewCDPSessionAsync(page);
        cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
        {
            if (e is { } json)
            {
                lock (counter._types)
                {
                    counter._types[json.GetProperty("requestId").GetString()!] = json.GetProperty("type").GetString()!;
                }
            }
        };
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            if (e is { } json)
            {
                var length = json.GetProperty("encodedDataLength").GetDouble();
                lock (counter._types)
                {
                    counter._http += length;
                    if (counter._types.GetValueOrDefault(json.GetProperty("requestId").GetString()!) == "Document")
                    {
                        counter._html += length;
                    }
                }
            }
        };
        cdp.Event("Network.webSocketFrameReceived").OnEvent += (_, e) =>
        {
            if (e is { } json)
            {
                var response = json.GetProperty("response");
                var payload = response.GetProperty("payloadData").GetString() ?? "";
                // Binary frames (opcode 2) arrive base64-encoded.
                var length = response.GetProperty("opcode").GetInt32() == 2 ? payload.Length * 3 / 4 : System.Text.Encoding.UTF8.GetByteCount(payload);
                if (Environment.GetEnvironmentVariable("BENCH_DUMP_FRAMES") is { Length: > 0 } dump)
                {
                    // What the circuit sends, frame by frame (for finding what the first render costs).
                    File.AppendAllText(dump, payload + "\n");
                }

                lock (counter._types)
                {
                    counter._frames += length;
                }
            }
        };
        await cdp.SendAsync("Network.enable");
        return counter;
    }

    /// <summary>What has been counted so far: the HTML document, all HTTP responses (the document included), the frames.</summary>
    public (double Html, double Http, double Frames) Read()
    {
        lock (_types)
        {
            return (_html, _http, _frames);
        }
    }
}
