using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;

namespace AgentHub.Core.Gateway.Dialects;

/// <summary>One AWS event stream message: its headers (string-valued ones as text) and its payload.</summary>
internal sealed record EventStreamMessage(IReadOnlyDictionary<string, string> Headers, byte[] Payload)
{
    /// <summary>A header's value, or null.</summary>
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}

/// <summary>
/// Reads <c>application/vnd.amazon.eventstream</c> frames: a prelude (total length, headers length, both
/// big-endian, and their CRC32), typed headers, the payload and a CRC32 of everything before it. A frame
/// whose CRCs do not match, or that is cut short, ends the stream with <see cref="ChatStreamException"/>.
/// </summary>
internal static class EventStreamReader
{
    private const int PreludeLength = 12;
    private const int MaxMessageLength = 16 * 1024 * 1024;

    /// <summary>The messages of <paramref name="stream"/>, in order, each checked.</summary>
    public static async IAsyncEnumerable<EventStreamMessage> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prelude = new byte[PreludeLength];
        while (await FillAsync(stream, prelude, cancellationToken) is var read && read > 0)
        {
            if (read < PreludeLength)
            {
                throw new ChatStreamException("The provider's event stream was cut inside a message prelude.", reportedByProvider: false);
            }

            var total = BinaryPrimitives.ReadUInt32BigEndian(prelude);
            var headersLength = BinaryPrimitives.ReadUInt32BigEndian(prelude.AsSpan(4));
            if (Crc32.HashToUInt32(prelude.AsSpan(0, 8)) != BinaryPrimitives.ReadUInt32BigEndian(prelude.AsSpan(8)))
            {
                throw new ChatStreamException("The provider's event stream has a message whose prelude CRC does not match.", reportedByProvider: false);
            }

            if (total < PreludeLength + 4 || total > MaxMessageLength || headersLength > total - PreludeLength - 4)
            {
                throw new ChatStreamException("The provider's event stream has a message with impossible lengths.", reportedByProvider: false);
            }

            var message = new byte[total];
            prelude.CopyTo(message, 0);
            if (await FillAsync(stream, message.AsMemory(PreludeLength), cancellationToken) < total - PreludeLength)
            {
                throw new ChatStreamException("The provider's event stream was cut inside a message.", reportedByProvider: false);
            }

            yield return Parse(message, (int)headersLength);
        }
    }

    private static EventStreamMessage Parse(byte[] message, int headersLength)
    {
        var body = message.AsSpan(0, message.Length - 4);
        if (Crc32.HashToUInt32(body) != BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(message.Length - 4)))
        {
            throw new ChatStreamException("The provider's event stream has a message whose CRC does not match.", reportedByProvider: false);
        }

        return new EventStreamMessage(Headers(body.Slice(PreludeLength, headersLength)), body[(PreludeLength + headersLength)..].ToArray());
    }

    private static Dictionary<string, string> Headers(ReadOnlySpan<byte> span)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            while (span.Length > 0)
            {
                var name = Encoding.UTF8.GetString(span.Slice(1, span[0]));
                span = span[(1 + span[0])..];
                var type = span[0];
                span = span[1..];
                var length = type switch
                {
                    0 or 1 => 0,
                    2 => 1,
                    3 => 2,
                    4 => 4,
                    5 or 8 => 8,
                    9 => 16,
                    6 or 7 => 2 + BinaryPrimitives.ReadUInt16BigEndian(span),
                    _ => throw new ChatStreamException($"The provider's event stream has a header of unknown type {type}.", reportedByProvider: false),
                };
                if (type == 7)
                {
                    headers[name] = Encoding.UTF8.GetString(span[2..length]);
                }

                span = span[length..];
            }
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            throw new ChatStreamException("The provider's event stream has malformed headers.", reportedByProvider: false);
        }

        return headers;
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; the count read.</summary>
    private static async Task<int> FillAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer[read..], cancellationToken) is var n && n > 0)
        {
            read += n;
        }

        return read;
    }
}
