using System.Net.Sockets;
using System.Runtime;
using System.Text;

/// <summary>
/// Loaded by the runtime before the app's Main when <c>DOTNET_STARTUP_HOOKS</c> names this assembly
/// (bench/run.sh sets it, with <c>BENCH_MEMORY_SOCKET</c>, for both apps). Each connection to the
/// socket gets one reading taken after a full, blocking, compacting collection of every generation
/// and the large object heap (twice, around the finalizers): the live managed bytes, the GC heap's
/// size and the process's working set, as <c>live heap workingset</c> in bytes on one line.
/// </summary>
internal static class StartupHook
{
    /// <summary>The runtime's entry point for a startup hook (the type must be named StartupHook, in no namespace).</summary>
    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable("BENCH_MEMORY_SOCKET");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        File.Delete(path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(4);
        new Thread(() => Serve(listener)) { IsBackground = true, Name = "bench-memory" }.Start();
    }

    private static void Serve(Socket listener)
    {
        while (true)
        {
            using var client = listener.Accept();
            client.Send(Encoding.ASCII.GetBytes(Reading() + "\n"));
            client.Shutdown(SocketShutdown.Both);
        }
    }

    private static string Reading()
    {
        Collect();
        GC.WaitForPendingFinalizers();
        Collect();
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return FormattableString.Invariant($"{GC.GetTotalMemory(false)} {info.HeapSizeBytes} {Environment.WorkingSet}");
    }

    private static void Collect()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
