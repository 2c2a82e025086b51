namespace AgentHub.Core.Verification;

/// <summary>The provider's model list fetched with a credential, for the Models tab's suggestions.</summary>
/// <param name="Result">Verified when the list was read; otherwise why not.</param>
/// <param name="Models">Model IDs as the provider names them for calls.</param>
public sealed record ModelListResult(VerificationResult Result, IReadOnlyList<string> Models);

/// <summary>The answer to a one-token chat call through a credential (the Models tab's Test).</summary>
/// <param name="Result">Verified when the model answered; otherwise the error class and message.</param>
/// <param name="Reply">The model's text, possibly empty with a one-token cap.</param>
/// <param name="Latency">Time from sending the request to reading the answer.</param>
public sealed record ProbeResult(VerificationResult Result, string? Reply, TimeSpan Latency);
