using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace AgentHub.Web.Health;

/// <summary>
/// How many keys of the key ring this instance's certificate cannot decrypt, counted at most once per
/// <see cref="Interval"/>: counting reads every key from the store and decrypts each one (RSA), and a load
/// balancer polls <c>/healthz</c> every few seconds. A key another instance adds with another certificate
/// shows within the interval.
/// </summary>
public sealed class KeyRingAudit(IKeyManager keys, TimeProvider time)
{
    /// <summary>How long a count is reused.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    // When the count was taken, on the monotonic clock: a wall clock stepped back must not keep an old count for hours.
    private (int Count, long At)? _last;

    /// <summary>The keys whose XML the configured certificate cannot decrypt (their descriptor fails to load).</summary>
    public int UndecryptableKeys()
    {
        lock (_gate)
        {
            if (_last is { } last && time.GetElapsedTime(last.At) < Interval)
            {
                return last.Count;
            }

            var count = 0;
            foreach (var key in keys.GetAllKeys())
            {
                try
                {
                    _ = key.Descriptor;
                }
                catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or InvalidOperationException or System.Xml.XmlException)
                {
                    count++;
                }
            }

            _last = (count, time.GetTimestamp());
            return count;
        }
    }
}
