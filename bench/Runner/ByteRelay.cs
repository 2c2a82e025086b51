using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AgentHub.Bench.Runner;

/// <summary>
/// A TCP relay on 127.0.0.1 between Chromium and an app that counts the bytes the app sends, as they
/// travel on the wire (headers, chunking, HTTP compression and the websocket's per-message compression
/// included; DevTools shows websocket frames only after decompression). A connection whose request is
/// the circuit's websocket upgrade (<c>GET /_blazor?id=…</c>) is counted apart from plain HTTP.
/// </summary>
public sealed class ByteRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;
    private long _http;
    private long _websocket;

    /// <summary>Starts relaying to the app at <paramref name="target"/> (host and port only).</summary>
    public ByteRelay(Uri target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The address to browse instead of the app's.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Bytes app → browser on connections that carried plain HTTP.</summary>
    public long HttpBytes => Interlocked.Read(ref _http);

    /// <summary>Bytes app → browser on the circuit's websocket connections (the 101 response included).</summary>
    public long WebSocketBytes => Interlocked.Read(ref _websocket);

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_connections)
                {
                    _connections.Add(RelayAsync(client));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                var fromBrowser = client.GetStream();
                var fromApp = server.GetStream();
                var first = new byte[8192];
                var read = await fromBrowser.ReadAsync(first, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                var isWebSocket = Encoding.ASCII.GetString(first, 0, read).StartsWith("GET /_blazor?id=", StringComparison.Ordinal);
                await fromApp.WriteAsync(first.AsMemory(0, read), _stop.Token);
                var up = CopyAsync(fromBrowser, fromApp, count: null);
                var down = CopyAsync(fromApp, fromBrowser, count: n =>
                {
                    if (isWebSocket)
                    {
                        Interlocked.Add(ref _websocket, n);
                    }
                    else
                    {
                        Interlocked.Add(ref _http, n);
                    }
                });
                await Task.WhenAny(up, down);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A connection closed by either side, or the relay stopping.
            }
        }
    }

    private async Task CopyAsync(Stream from, Stream to, Action<int>? count)
    {
        var buffer = new byte[16384];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                count?.Invoke(read);
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            to.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open);
        _stop.Dispose();
    }
}
