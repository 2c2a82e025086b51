using System.Runtime.CompilerServices;
using System.Text;

namespace AgentHub.Core.Gateway.Dialects;

/// <summary>One server-sent event: its <c>event:</c> name (null when unnamed) and its joined <c>data:</c> lines.</summary>
internal sealed record SseEvent(string? Name, string Data);

/// <summary>Reads server-sent events (text/event-stream) from a response body.</summary>
internal static class SseReader
{
    /// <summary>The events of <paramref name="stream"/> in order; comments and empty events are skipped.</summary>
    public static async IAsyncEnumerable<SseEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        string? name = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    yield return new SseEvent(name, data.ToString());
                }

                name = null;
                data.Clear();
                continue;
            }

            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            value = value.StartsWith(' ') ? value[1..] : value;
            if (field == "event")
            {
                name = value;
            }
            else if (field == "data")
            {
                data.Append(data.Length > 0 ? "\n" : "").Append(value);
            }
        }

        if (data.Length > 0)
        {
            yield return new SseEvent(name, data.ToString());
        }
    }
}
