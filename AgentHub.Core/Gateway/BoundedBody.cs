using System.Buffers;

namespace AgentHub.Core.Gateway;

/// <summary>
/// Reads a body (an agent's request, a provider's whole answer) into memory up to a limit, through
/// a pooled buffer: no 64 KB array per call, and room for the announced length up front.
/// </summary>
public static class BoundedBody
{
    private const int ChunkBytes = 16 * 1024;

    // Room reserved from Content-Length at most: a larger body grows as it arrives.
    private const int MaxReservedBytes = 1024 * 1024;

    /// <summary>The whole of <paramref name="stream"/>, positioned at its start; null when it holds more than <paramref name="limit"/> bytes.</summary>
    public static async Task<MemoryStream?> ReadAsync(Stream stream, long limit, long? announcedLength, CancellationToken cancellationToken)
    {
        var body = new MemoryStream(announcedLength is > 0 ? (int)Math.Min(Math.Min(announcedLength.Value, limit), MaxReservedBytes) : 0);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                body.Write(buffer, 0, read);
                if (body.Length > limit)
                {
                    await body.DisposeAsync();
                    return null;
                }
            }
        }
        catch
        {
            await body.DisposeAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        body.Position = 0;
        return body;
    }
}
