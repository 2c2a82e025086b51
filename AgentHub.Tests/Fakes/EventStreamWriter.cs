using System.Buffers.Binary;
using System.IO.Hashing;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Tests.Fakes;

/// <summary>
/// Writes AWS event stream frames (<c>application/vnd.amazon.eventstream</c>): prelude with total and
/// header lengths and their CRC32, string headers (type 7), a JSON payload and the message CRC32.
/// </summary>
public static class EventStreamWriter
{
    /// <summary>An event frame of type <paramref name="eventType"/>.</summary>
    public static byte[] Event(string eventType, JsonNode payload) => Frame(
        [(":event-type", eventType), (":content-type", "application/json"), (":message-type", "event")], payload);

    /// <summary>An exception frame, as Bedrock sends when a stream fails after it began.</summary>
    public static byte[] Exception(string exceptionType, string message) => Frame(
        [(":exception-type", exceptionType), (":content-type", "application/json"), (":message-type", "exception")],
        new JsonObject { ["message"] = message });

    /// <summary>A frame with string headers and a JSON payload.</summary>
    public static byte[] Frame(IEnumerable<(string Name, string Value)> headers, JsonNode payload)
    {
        var head = new MemoryStream();
        foreach (var (name, value) in headers)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            var valueBytes = Encoding.UTF8.GetBytes(value);
            head.WriteByte((byte)nameBytes.Length);
            head.Write(nameBytes);
            head.WriteByte(7);
            head.WriteByte((byte)(valueBytes.Length >> 8));
            head.WriteByte((byte)valueBytes.Length);
            head.Write(valueBytes);
        }

        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        var frame = new byte[12 + head.Length + body.Length + 4];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)frame.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)head.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), Crc32.HashToUInt32(frame.AsSpan(0, 8)));
        head.ToArray().CopyTo(frame, 12);
        body.CopyTo(frame, 12 + (int)head.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(frame.Length - 4), Crc32.HashToUInt32(frame.AsSpan(0, frame.Length - 4)));
        return frame;
    }
}

/// <summary>An event stream answer written frame by frame, each flushed on its own.</summary>
public sealed class EventStreamResult(IEnumerable<byte[]> frames) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = "application/vnd.amazon.eventstream";
        foreach (var frame in frames)
        {
            await httpContext.Response.Body.WriteAsync(frame);
            await httpContext.Response.Body.FlushAsync();
        }
    }
}
