using System.Text.Json;
using AgentHub.Core.Verification.Http;

namespace AgentHub.Core.Verification.Clients;

/// <summary>How a provider's answer becomes a result class: the rules every client shares.</summary>
public abstract partial class ProviderClient
{
    /// <summary>Reads a verification answer: common cases, then success shape, then the provider's errors.</summary>
    protected VerificationResult ClassifyVerification(ProviderResponse response, VerificationRequest credential) => Safely(response, credential, VerificationResult? () =>
        Common(response, credential)
        ?? (response.IsSuccess
            ? IsExpectedSuccess(response)
                ? VerificationResult.Verified(credential.Schema.DisplayName)
                : UnexpectedSuccess(response, credential)
            : ClassifyError(response, credential)))!;

    /// <summary>
    /// Reads a chat call made only to learn whether the key is accepted: choices, or an OpenAI
    /// error object about the request itself (an unknown model), prove it; 401/403/402/412/429/5xx
    /// are the provider's refusal; anything else is not the format.
    /// </summary>
    private VerificationResult ClassifyKeyProbe(ProviderResponse response, VerificationRequest credential)
    {
        if (Common(response, credential) is { } common)
        {
            return common;
        }

        if (response.Code is 401 or 402 or 403 or 412 or 429 || response.Code >= 500)
        {
            return ClassifyError(response, credential);
        }

        if (response.IsSuccess ? response.HasArray("choices") : IsOpenAiError(response))
        {
            return VerificationResult.Verified(credential.Schema.DisplayName);
        }

        return response.Code == 404 ? Failed(VerificationOutcome.EndpointNotFound, response, credential) : UnexpectedSuccess(response, credential);
    }

    /// <summary><c>{"error":{"message":…}}</c>, or vLLM's top-level <c>{"object":"error","message":…}</c>.</summary>
    private static bool IsOpenAiError(ProviderResponse response) =>
        response.String("error", "message") is not null || (response.String("object") == "error" && response.String("message") is not null);

    /// <summary>An answer whose JSON has unexpected types is an unexpected answer, not a crash.</summary>
    protected VerificationResult? Safely(ProviderResponse response, VerificationRequest credential, Func<VerificationResult?> classify)
    {
        try
        {
            return classify();
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException or JsonException)
        {
            return UnexpectedSuccess(response, credential);
        }
    }

    /// <summary>A 2xx answer that is not what this provider sends (a proxy's page, another API).</summary>
    protected virtual VerificationResult UnexpectedSuccess(ProviderResponse response, VerificationRequest credential) =>
        new(VerificationOutcome.ProviderError,
            $"The address answered, but not like {credential.Schema.DisplayName}'s API. Check that nothing (a proxy or a login page) sits in between.",
            Detail(response));

    /// <summary>Redirects and oversized answers, the same for every provider; null otherwise.</summary>
    protected static VerificationResult? Common(ProviderResponse response, VerificationRequest credential)
    {
        if (response.IsRedirect)
        {
            var location = response.Headers.Location?.ToString() ?? "(no Location header)";
            return new(VerificationOutcome.EndpointNotFound,
                "The address answered with a redirect, which Agent Hub does not follow. Use the address it redirects to.",
                $"HTTP {response.Code} redirect to {location}");
        }

        return response.Truncated
            ? new(VerificationOutcome.ProviderError,
                $"The answer was larger than 1 MiB, which is not a normal {credential.Schema.DisplayName} answer. Check the address.",
                $"HTTP {response.Code}, body over {ProviderResponse.MaxBodyBytes} bytes (not read further)")
            : null;
    }

    /// <summary>The standard result of a class for this provider, with the answer as detail.</summary>
    protected static VerificationResult Failed(VerificationOutcome outcome, ProviderResponse response, VerificationRequest credential, string? message = null) =>
        VerificationResult.Failed(outcome, credential.Schema.DisplayName, Detail(response, message));

    /// <summary>"HTTP 401: message" for the details panel, from the provider's message or the start of the body.</summary>
    protected static string Detail(ProviderResponse response, string? providerMessage = null) =>
        $"HTTP {response.Code}: {providerMessage ?? response.Excerpt()}";

    /// <summary>Status-code rules shared by the OpenAI-style providers; null when the status says nothing specific.</summary>
    protected static VerificationOutcome? ByStatus(ProviderResponse response) => response.Code switch
    {
        401 => VerificationOutcome.InvalidKey,
        402 => VerificationOutcome.QuotaExhausted,
        403 => VerificationOutcome.PermissionDenied,
        404 or 405 => VerificationOutcome.EndpointNotFound,
        408 => VerificationOutcome.Timeout,
        429 => VerificationOutcome.RateLimited,
        >= 500 => VerificationOutcome.ProviderError,
        _ => null,
    };
}
