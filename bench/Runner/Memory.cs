using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;

namespace AgentHub.Bench.Runner;

/// <summary>
/// Server memory per open circuit. Each app runs with bench/MemoryHook (a startup hook, no endpoint
/// in the app): a reading forces a full, blocking, compacting collection (the large object heap
/// too, twice around the finalizers) inside the server and answers its live managed bytes and
/// working set. The runner takes a settled reading (repeated until two in a row agree within 1 MB,
/// so circuits of earlier probes are gone), opens K pages of a tab (each its own context, live and
/// quiet), takes a settled reading, closes them and takes a third: per circuit =
/// (open − before) / K, and (open − closed) / K as the check that the difference is the circuits.
/// </summary>
public sealed class Memory(Probes probes, Samples samples)
{
    private const double SettledBytes = 1_000_000;

    public async Task MeasureAsync(Target target, TabSpec tab, int circuits)
    {
        if (target.MemorySocket is not { } socket)
        {
            return;
        }

        var before = await SettledAsync(socket);
        var contexts = new List<IBrowserContext>();
        Reading open;
        try
        {
            for (var i = 0; i < circuits; i++)
            {
                var context = await probes.NewContextAsync(target, tab);
                contexts.Add(context);
                await probes.OpenSettledAsync(context, target, tab);
            }

            await Task.Delay(2000);
            open = await SettledAsync(socket);
        }
        finally
        {
            foreach (var context in contexts)
            {
                await Target.CloseAsync(context);
            }
        }

        await Task.Delay(2000);
        var closed = await SettledAsync(socket);
        samples.Add(target.Name, $"{tab.Title}: server memory per open circuit (live GC heap after compacting GC)", "bytes", (open.Live - before.Live) / circuits);
        samples.Add(target.Name, $"{tab.Title}: server memory per open circuit (working set after compacting GC)", "bytes", (open.WorkingSet - before.WorkingSet) / circuits);
        samples.Add(target.Name, $"{tab.Title}: live GC heap released per closed circuit (check)", "bytes", (open.Live - closed.Live) / circuits);
    }

    /// <summary>Readings until two in a row agree within <see cref="SettledBytes"/> (at most ten, a second apart).</summary>
    private static async Task<Reading> SettledAsync(string socket)
    {
        var last = await ReadAsync(socket);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await Task.Delay(1000);
            var next = await ReadAsync(socket);
            if (Math.Abs(next.Live - last.Live) < SettledBytes)
            {
                return next;
            }

            last = next;
        }

        return last;
    }

    private static async Task<Reading> ReadAsync(string path)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
        var buffer = new byte[256];
        var text = new StringBuilder();
        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var parts = text.ToString().Trim().Split(' ');
        return new Reading(double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    /// <summary>One reading after a compacting full collection: live managed bytes and the process's working set.</summary>
    private sealed record Reading(double Live, double WorkingSet);
}
