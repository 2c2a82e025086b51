using System.Net.Sockets;
using System.Security.Authentication;

namespace AgentHub.Core.Verification.Http;

/// <summary>
/// Turns a network exception of a provider call into a result class: a blocked address, no answer
/// in time, a TLS failure, a connection lost mid-answer, an unreachable host. Verification (through
/// <see cref="ProviderVerifier"/>) and the gateway both read transport failures here.
/// </summary>
public static class TransportFailures
{
    /// <summary>The class of a network exception, or null for anything else (a bug, a cancellation by the caller).</summary>
    public static VerificationResult? Classify(Exception e, string providerName)
    {
        if (Find<BlockedAddressException>(e) is { } blocked)
        {
            return VerificationResult.Failed(VerificationOutcome.BlockedAddress, providerName, $"{blocked.Host} resolves to a private or reserved address");
        }

        if (e is OperationCanceledException || Find<TimeoutException>(e) is not null)
        {
            return VerificationResult.Failed(VerificationOutcome.Timeout, providerName, "No answer in time");
        }

        if (Find<AuthenticationException>(e) is { } tls)
        {
            // .NET names the chain's problems in the message; an expired certificate needs its owner, not a CA.
            return tls.Message.Contains(nameof(System.Security.Cryptography.X509Certificates.X509ChainStatusFlags.NotTimeValid), StringComparison.Ordinal)
                ? new VerificationResult(VerificationOutcome.TlsError, VerificationMessages.CertificateExpired(providerName), tls.Message)
                : VerificationResult.Failed(VerificationOutcome.TlsError, providerName, tls.Message);
        }

        if (ConnectionLost(e))
        {
            return new VerificationResult(VerificationOutcome.Unreachable, VerificationMessages.ConnectionLost(providerName), $"Connection closed: {e.Message}");
        }

        if (Find<SocketException>(e) is { } socket)
        {
            return VerificationResult.Failed(VerificationOutcome.Unreachable, providerName, $"{socket.SocketErrorCode}: {socket.Message}");
        }

        return e is HttpRequestException http
            ? VerificationResult.Failed(VerificationOutcome.Unreachable, providerName, $"{http.HttpRequestError}: {http.Message}")
            : null;
    }

    /// <summary>
    /// The server took the request and then closed or reset the connection before its answer was
    /// complete (a proxy that drops, a crashed backend): the status line or the body ended early.
    /// </summary>
    private static bool ConnectionLost(Exception e) =>
        e is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }
        || Find<HttpIOException>(e) is not null
        || (e is IOException && Find<SocketException>(e) is null or { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown })
        || (e is HttpRequestException { HttpRequestError: HttpRequestError.Unknown } && Find<SocketException>(e) is { SocketErrorCode: SocketError.ConnectionReset });

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }

        return null;
    }
}
