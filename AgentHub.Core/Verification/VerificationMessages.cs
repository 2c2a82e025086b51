namespace AgentHub.Core.Verification;

/// <summary>The plain message for each verification class: what happened and what the admin can do.</summary>
public static class VerificationMessages
{
    /// <summary>The message for <paramref name="outcome"/>, naming the provider.</summary>
    public static string For(VerificationOutcome outcome, string provider) => outcome switch
    {
        VerificationOutcome.Verified => $"{provider} accepted the credential.",
        VerificationOutcome.InvalidKey => $"{provider} rejected the key: it is mistyped, revoked or expired. Paste a current key with Edit.",
        VerificationOutcome.OrganizationMismatch => $"The key does not belong to that organization. Check the Organization ID in {provider}'s settings, or clear it.",
        VerificationOutcome.PermissionDenied => $"{provider} accepted the key but refused access. Check the key's permissions, the project or region, and any IP allow-list.",
        VerificationOutcome.QuotaExhausted => $"{provider} says the account has no quota or credit left. Add billing or raise the limit, then Re-verify.",
        VerificationOutcome.RateLimited => $"{provider} is rate-limiting this key right now. Wait a minute, then Re-verify.",
        VerificationOutcome.EndpointNotFound => "The endpoint was not found at that address. Check the URL's path (it usually ends in /v1).",
        VerificationOutcome.NotOpenAiCompatible => "The endpoint answered, but not in the OpenAI Chat Completions format. Point Base URL at an OpenAI-compatible API.",
        VerificationOutcome.Unreachable => $"Could not connect to {provider}. Check the address, DNS and that the server is up.",
        VerificationOutcome.TlsError => "The HTTPS certificate could not be trusted. For a private CA, add its certificate to the credential.",
        VerificationOutcome.Timeout => $"{provider} did not answer in time. Try Re-verify; if it keeps happening, check the endpoint's health.",
        VerificationOutcome.BlockedAddress => "That address points to a private or local network, which Agent Hub does not call. An operator can allow it with AgentHub:Network:AllowPrivateEndpoints=true.",
        VerificationOutcome.ProviderError => $"{provider} had an internal error. Try Re-verify in a few minutes.",
        VerificationOutcome.InvalidServiceAccount => "The service-account key is not usable. Download a new JSON key for the service account and paste it whole.",
        _ => $"{provider} gave an unexpected answer.",
    };

    /// <summary>
    /// <see cref="VerificationOutcome.Unreachable"/> when the connection was made and then closed
    /// before the answer was complete: the server is there, something cut the answer.
    /// </summary>
    public static string ConnectionLost(string provider) =>
        $"The connection to {provider} closed before the answer was complete. Try Re-verify; if it keeps happening, check the endpoint and any proxy or load balancer in between.";

    /// <summary><see cref="VerificationOutcome.TlsError"/> when the server's certificate is expired or not yet valid.</summary>
    public static string CertificateExpired(string provider) =>
        $"The HTTPS certificate of {provider}'s endpoint has expired (or is not valid yet). Its owner must renew it; adding a CA certificate does not help. Also check this server's clock.";
}
