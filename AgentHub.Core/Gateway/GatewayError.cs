namespace AgentHub.Core.Gateway;

/// <summary>
/// A refusal the gateway answers in OpenAI's error envelope <c>{"error":{"message","type","code"}}</c>.
/// Messages never hold an agent key or a provider key.
/// </summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Type">OpenAI's error type (invalid_request_error, rate_limit_error, upstream_error, …).</param>
/// <param name="Code">A stable code: Agent Hub's own (invalid_api_key, model_not_found, …) or the provider result class.</param>
/// <param name="Message">What the agent (or its operator) should do.</param>
public sealed record GatewayError(int Status, string Type, string Code, string Message)
{
    /// <summary>The provider's Retry-After header value, passed on with a 429.</summary>
    public string? RetryAfter { get; init; }

    public static GatewayError InvalidKey() =>
        new(401, "invalid_request_error", "invalid_api_key",
            "The agent key is missing, unknown, expired or revoked. Send a valid agent key as 'Authorization: Bearer <key>'; a team admin issues keys on the Agent keys tab.");

    public static GatewayError BadRequest(string message) => new(400, "invalid_request_error", "invalid_request", message);

    public static GatewayError ModelNotFound(string? alias) =>
        new(404, "invalid_request_error", "model_not_found",
            $"The model '{alias}' does not exist or this agent key may not call it. GET /v1/models lists the models it may call.");

    public static GatewayError TooLarge(long limit) =>
        new(413, "invalid_request_error", "request_too_large", $"The request body is larger than {limit:N0} bytes, the gateway's limit.");

    /// <summary>
    /// A provider's refusal (classified as verification classifies it) as the agent sees it: 429 with the
    /// provider's Retry-After, 504 for a timeout, 400 when the provider refused the request itself, else 502.
    /// </summary>
    public static GatewayError FromProvider(VerificationResult result, int? providerStatus = null, string? retryAfter = null) => result.Outcome switch
    {
        VerificationOutcome.RateLimited => new GatewayError(429, "rate_limit_error", result.Outcome.ToString(), Describe(result)) { RetryAfter = retryAfter },
        VerificationOutcome.Timeout => new GatewayError(504, "upstream_error", result.Outcome.ToString(), Describe(result)),
        VerificationOutcome.ProviderError or VerificationOutcome.EndpointNotFound or VerificationOutcome.NotOpenAiCompatible
            when providerStatus is 400 or 413 or 422 =>
            BadRequest("The provider refused the request: " + (result.Detail ?? result.Message)),
        _ => new GatewayError(502, "upstream_error", result.Outcome.ToString(), Describe(result)),
    };

    /// <summary>The provider did not answer within the gateway's timeout.</summary>
    public static GatewayError TimedOut(ProviderSchema schema, TimeSpan limit) =>
        new(504, "upstream_error", nameof(VerificationOutcome.Timeout), $"{schema.DisplayName} did not answer within {limit.TotalSeconds:0.#} s.");

    private static string Describe(VerificationResult result) =>
        result.Detail is null ? result.Message : $"{result.Message} Provider answer: {result.Detail}";
}
