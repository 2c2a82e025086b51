using System.Net.Http.Headers;
using AgentHub.Core.Verification.Http;

namespace AgentHub.Core.Verification.Clients;

/// <summary>Sending a provider call: what must never leave, and reading the answer (capped, secrets masked).</summary>
public abstract partial class ProviderClient
{
    /// <summary>
    /// Marks a request as <paramref name="providerId"/>'s (the outbound guard trusts an
    /// operator-configured URL only for its own provider's calls) and refuses what must never be
    /// sent: a header value with a control character, a URL that is not https. Verification and
    /// the gateway both send through it.
    /// </summary>
    public static VerificationResult? ReadyToSend(HttpRequestMessage request, string providerId)
    {
        request.Options.Set(OutboundGuard.ProviderOption, providerId);
        if (UnsendableHeader(request) is { } header)
        {
            return new VerificationResult(VerificationOutcome.InvalidKey,
                $"A value Agent Hub would send in the {header} header contains a line break or another control character, so the call was not made. Edit the credential and paste the value alone.",
                $"Refused header {header}");
        }

        return request.RequestUri is { Scheme: not "https" }
            ? new VerificationResult(VerificationOutcome.BlockedAddress,
                "Agent Hub only calls https:// addresses. Change the URL to https://.", $"Refused {request.RequestUri.Scheme}:// URL")
            : null;
    }

    /// <summary>
    /// Sends a request and reads the answer, or says why it was not sent. A network failure is
    /// thrown for <see cref="ProviderVerifier"/> to classify.
    /// </summary>
    protected static async Task<(ProviderResponse? Response, VerificationResult? Refused)> SendAsync(
        ProviderTarget target, Func<HttpRequestMessage> build, VerificationRequest credential, CancellationToken cancellationToken)
    {
        using var request = build();
        if (ReadyToSend(request, credential.Schema.Id) is { } refused)
        {
            return (null, refused);
        }

        using var response = await target.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return (await ProviderResponse.ReadAsync(response, credential.Secrets.Concat(target.Secrets), cancellationToken), null);
    }

    /// <summary>The name of a header whose value holds a control character (CR/LF would inject headers), or null.</summary>
    private static string? UnsendableHeader(HttpRequestMessage request) =>
        UnsendableHeader(request.Headers.NonValidated) ?? (request.Content is { } content ? UnsendableHeader(content.Headers.NonValidated) : null);

    // Loops, not LINQ: every gateway call passes here.
    private static string? UnsendableHeader(HttpHeadersNonValidated headers)
    {
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                foreach (var c in value)
                {
                    if (char.IsControl(c) && c != '\t')
                    {
                        return name;
                    }
                }
            }
        }

        return null;
    }
}
