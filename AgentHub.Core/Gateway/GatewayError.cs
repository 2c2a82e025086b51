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
}
