using System.Security.Cryptography.X509Certificates;

namespace AgentHub.Core.Verification.Http;

/// <summary>
/// The gateway's clients that trust a credential's own CA (Custom's CA certificate), one per
/// distinct CA and kept across calls, so those calls reuse connections (and HTTP/2 streams) like
/// every other provider's instead of paying a connection, a TLS handshake and a chain build each.
/// Credentials carrying the same CA trust the same roots, so sharing a client grants nothing more.
/// The gateway's directory says which CAs are still in use (<see cref="Retain"/>) each time it
/// loads; the others are disposed once their last call ends. Verification never uses these: it
/// proves the stored values on a client of its own each time.
/// </summary>
public sealed class PinnedTrustClients(OutboundHandlerFactory handlers) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Pinned> _clients = new(StringComparer.Ordinal);

    /// <summary>How many clients are kept (for tests and diagnostics).</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>
    /// The client trusting <paramref name="caPem"/> for one call; dispose the lease when the call,
    /// its answer included, is over.
    /// </summary>
    public Lease Rent(string caPem)
    {
        lock (_gate)
        {
            if (!_clients.TryGetValue(caPem, out var pinned))
            {
                pinned = new Pinned(Build(caPem));
                _clients.Add(caPem, pinned);
            }

            pinned.Users++;
            return new Lease(this, pinned);
        }
    }

    /// <summary>Lets go of every client whose CA is not in <paramref name="caPems"/> (disposed once its calls end).</summary>
    public void Retain(IEnumerable<string> caPems)
    {
        var live = caPems.ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var (pem, pinned) in _clients.Where(c => !live.Contains(c.Key)).ToList())
            {
                _clients.Remove(pem);
                pinned.Retired = true;
                if (pinned.Users == 0)
                {
                    pinned.Client.Dispose();
                }
            }
        }
    }

    public void Dispose() => Retain([]);

    private HttpClient Build(string caPem)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(caPem);
        return new HttpClient(handlers.Create(roots), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private void Return(Pinned pinned)
    {
        lock (_gate)
        {
            pinned.Users--;
            if (pinned.Retired && pinned.Users == 0)
            {
                pinned.Client.Dispose();
            }
        }
    }

    internal sealed class Pinned(HttpClient client)
    {
        public HttpClient Client { get; } = client;

        public int Users { get; set; }

        public bool Retired { get; set; }
    }

    /// <summary>One call's use of a pinned client; disposing it more than once returns it once.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly PinnedTrustClients _owner;
        private readonly Pinned _pinned;
        private int _returned;

        internal Lease(PinnedTrustClients owner, Pinned pinned) => (_owner, _pinned) = (owner, pinned);

        /// <summary>The client trusting the CA.</summary>
        public HttpClient Client => _pinned.Client;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _returned, 1) == 0)
            {
                _owner.Return(_pinned);
            }
        }
    }
}
