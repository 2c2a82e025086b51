using System.Diagnostics;
using AgentHub.Core.Verification.Http;

namespace AgentHub.Core.Verification.Clients;

/// <summary>
/// The shared flow of every provider client: prepare the target, send, read at most 1 MiB and let
/// the provider subclass read its own success and error formats (the answer rules are in
/// <c>ProviderClient.Answers.cs</c>, sending in <c>ProviderClient.Sending.cs</c>). A network failure
/// or a cancellation is thrown: <see cref="ProviderVerifier"/> bounds each operation, turns what is
/// thrown into a result class and masks the credential's secrets in every result.
/// </summary>
public abstract partial class ProviderClient(HttpClient http, ProviderCatalog catalog) : IProviderClient
{
    private const int MaxPages = 20;

    public abstract string ProviderId { get; }

    protected HttpClient Http => http;

    protected ProviderCatalog Catalog => catalog;

    /// <inheritdoc />
    public virtual async Task<VerificationResult> VerifyAsync(VerificationRequest credential, CancellationToken cancellationToken)
    {
        var (target, failure) = await PrepareCheckedAsync(credential, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        using (target)
        {
            var (response, refused) = await SendAsync(target!, () => VerifyRequest(target!), credential, cancellationToken);
            var result = refused ?? ClassifyVerification(response!, credential);
            return result.Succeeded ? result with { ExpiresAt = await ExpiryOrNullAsync(target!, credential, cancellationToken) } : result;
        }
    }

    /// <summary>
    /// When the provider says the verified key expires (UTC), for providers whose API tells it;
    /// null (the default) where it does not or the key never expires. Called only after a success.
    /// </summary>
    protected virtual Task<DateTime?> ReadExpiryAsync(ProviderTarget target, VerificationRequest credential, CancellationToken cancellationToken) =>
        Task.FromResult<DateTime?>(null);

    /// <summary>
    /// <see cref="ReadExpiryAsync"/> bounded to a few seconds; any failure of this extra call is
    /// "no expiry known", never a failed verification.
    /// </summary>
    private async Task<DateTime?> ExpiryOrNullAsync(ProviderTarget target, VerificationRequest credential, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(ExpiryReadTimeout);
        try
        {
            return await ReadExpiryAsync(target, credential, bounded.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>How long the optional expiry call may take before it is given up.</summary>
    private static readonly TimeSpan ExpiryReadTimeout = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public virtual async Task<ModelListResult> ListModelsAsync(VerificationRequest credential, CancellationToken cancellationToken)
    {
        var (target, failure) = await PrepareCheckedAsync(credential, cancellationToken);
        if (failure is not null)
        {
            return new(failure, []);
        }

        using var owned = target;
        var models = new List<string>();
        string? page = null;
        for (var i = 0; i < MaxPages; i++)
        {
            var current = page;
            var (response, refused) = await SendAsync(target!, () => ListRequest(target!, current), credential, cancellationToken);
            var problem = refused ?? Safely(response!, credential, () =>
                Common(response!, credential) ?? (response!.IsSuccess ? null : ClassifyError(response, credential)));
            if (problem is not null)
            {
                return new(problem, models);
            }

            try
            {
                models.AddRange(ParseModels(response!).ToList());
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
            {
                return new(UnexpectedSuccess(response!, credential), models);
            }

            page = NextPage(response!);
            if (page is null)
            {
                break;
            }
        }

        return new(VerificationResult.Verified(credential.Schema.DisplayName), models.Distinct().Order(StringComparer.Ordinal).ToList());
    }

    /// <inheritdoc />
    public virtual async Task<ProbeResult> ProbeAsync(VerificationRequest credential, string modelId, CancellationToken cancellationToken)
    {
        var (target, failure) = await PrepareCheckedAsync(credential, cancellationToken);
        if (failure is not null)
        {
            return new(failure, null, TimeSpan.Zero);
        }

        using var owned = target;
        var watch = Stopwatch.StartNew();
        var (response, refused) = await SendAsync(target!, () => ProbeRequest(target!, modelId), credential, cancellationToken);
        if (refused is null && RetryProbe(response!) is { } retry)
        {
            (response, refused) = await SendAsync(target!, () => retry(target!, modelId), credential, cancellationToken);
        }

        watch.Stop();
        if (refused is not null)
        {
            return new(refused, null, watch.Elapsed);
        }

        var problem = Safely(response!, credential, () => Common(response!, credential)
            ?? (!response!.IsSuccess ? ClassifyError(response, credential)
                : response.Json is null ? UnexpectedSuccess(response, credential)
                : null));
        // The reply is read from JSON after the body was masked: an escaped echo of the target's own token is masked here
        // (the verifier masks the credential's secrets in it).
        return problem is not null
            ? new(problem, null, watch.Elapsed)
            : new(VerificationResult.Verified(credential.Schema.DisplayName), Redactor.Redact(ParseReply(response!) ?? "", target!.Secrets), watch.Elapsed);
    }

    /// <summary>
    /// Refuses values that would become a header or a host name (Organization ID, Project,
    /// Location, Region) and break their field's rule, then builds the target. The form refuses
    /// them too; this holds for values that reached the store another way.
    /// </summary>
    private Task<(ProviderTarget? Target, VerificationResult? Failure)> PrepareCheckedAsync(VerificationRequest credential, CancellationToken cancellationToken)
    {
        foreach (var field in credential.Schema.Fields.Where(f => f.Format is not null || f.Options.Count > 0))
        {
            if (ProviderFieldRules.Check(field, credential.Value(field.Key), keepsStoredSecret: false).FirstOrDefault() is { } problem)
            {
                return Task.FromResult<(ProviderTarget?, VerificationResult?)>((null, new(VerificationOutcome.InvalidKey,
                    $"{problem} Edit the credential to correct it.", $"Refused {field.Label} before calling")));
            }
        }

        return PrepareAsync(credential, cancellationToken);
    }

    /// <summary>
    /// Builds the target for a credential: the address the admin typed in the schema's destination
    /// URL field when there is one (a Workspace URL, a Direct-Route URL), else the catalog's API
    /// base, with <see cref="AuthHeaders"/>.
    /// </summary>
    protected virtual Task<(ProviderTarget? Target, VerificationResult? Failure)> PrepareAsync(VerificationRequest credential, CancellationToken cancellationToken) =>
        Task.FromResult<(ProviderTarget?, VerificationResult?)>((new ProviderTarget(BaseUrl(credential), AuthHeaders(credential), http), null));

    /// <summary>The admin's destination URL for this credential, else the catalog's API base.</summary>
    protected Uri BaseUrl(VerificationRequest credential) =>
        credential.Schema.Fields.Where(f => f is { IsDestination: true, Kind: FieldKind.Url }).Select(f => credential.Value(f.Key)).OfType<string>().FirstOrDefault() is { } typed
            ? ProviderCatalog.WithTrailingSlash(new Uri(typed))
            : catalog.BaseUrlFor(credential.Schema, credential.Values) ?? throw new InvalidOperationException($"{credential.Schema.Id} has no API base.");

    /// <summary>The headers that authenticate a call with this credential.</summary>
    protected virtual IReadOnlyList<KeyValuePair<string, string>> AuthHeaders(VerificationRequest credential) =>
        [new("Authorization", "Bearer " + credential.Value(FieldKeys.ApiKey))];

    /// <summary>The verification call; by default the first page of the model list.</summary>
    protected virtual HttpRequestMessage VerifyRequest(ProviderTarget target) => ListRequest(target, null);

    /// <summary>One page of the model list.</summary>
    protected abstract HttpRequestMessage ListRequest(ProviderTarget target, string? pageToken);

    /// <summary>Whether a 2xx verification answer has the shape this provider answers with.</summary>
    protected abstract bool IsExpectedSuccess(ProviderResponse response);

    /// <summary>The model IDs on one page of the list.</summary>
    protected abstract IEnumerable<string> ParseModels(ProviderResponse response);

    /// <summary>The token of the next page, or null on the last page.</summary>
    protected virtual string? NextPage(ProviderResponse response) => null;

    /// <summary>The one-token chat call.</summary>
    protected abstract HttpRequestMessage ProbeRequest(ProviderTarget target, string modelId);

    /// <summary>A second form of the probe when the first was refused for its format (OpenAI's max_tokens), or null.</summary>
    protected virtual Func<ProviderTarget, string, HttpRequestMessage>? RetryProbe(ProviderResponse response) => null;

    /// <summary>The model's text in a probe answer.</summary>
    protected abstract string? ParseReply(ProviderResponse response);

    /// <summary>The class of a non-2xx answer, by this provider's error format.</summary>
    protected abstract VerificationResult ClassifyError(ProviderResponse response, VerificationRequest credential);

    /// <summary>
    /// Verifies with the list call and, when <paramref name="needsChat"/> says the list cannot
    /// decide (no list served, a list that fails with good keys), with one chat call whose answer
    /// proves the key if it is anything but an authentication or quota refusal.
    /// </summary>
    protected async Task<VerificationResult> VerifyWithChatFallbackAsync(
        VerificationRequest credential, Func<ProviderResponse, bool> needsChat, string chatModel, CancellationToken cancellationToken)
    {
        var (prepared, failure) = await PrepareCheckedAsync(credential, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        using var target = prepared!;
        var (response, refused) = await SendAsync(target, () => ListRequest(target, null), credential, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (!needsChat(response!))
        {
            return ClassifyVerification(response!, credential);
        }

        var (chat, chatRefused) = await SendAsync(target, () => ProbeRequest(target, chatModel), credential, cancellationToken);
        return chatRefused ?? Safely(chat!, credential, () => ClassifyKeyProbe(chat!, credential))!;
    }

    /// <summary>
    /// Whether opening a gateway target is a call of its own (Vertex AI's token exchange), bounded by
    /// the verification timeout; otherwise it is an address and headers, ready at once.
    /// </summary>
    public virtual bool TargetNeedsACall => false;

    /// <summary>The target (API base, auth headers, client) for a gateway call with this credential, or why there is none.</summary>
    public Task<(ProviderTarget? Target, VerificationResult? Failure)> OpenTargetAsync(VerificationRequest credential, CancellationToken cancellationToken) =>
        PrepareForGatewayAsync(credential, cancellationToken);

    /// <summary>
    /// The target for a gateway call. A provider whose authentication costs a call of its own
    /// (Vertex AI's token exchange) may reuse what an earlier call obtained; verification never does,
    /// since it must prove the stored values each time.
    /// </summary>
    protected virtual Task<(ProviderTarget? Target, VerificationResult? Failure)> PrepareForGatewayAsync(
        VerificationRequest credential, CancellationToken cancellationToken) => PrepareAsync(credential, cancellationToken);

    /// <summary>Reads a provider's non-2xx answer to a gateway call (capped, secrets masked) and classifies it by this provider's rules.</summary>
    public async Task<VerificationResult> ClassifyFailureAsync(
        HttpResponseMessage response, VerificationRequest credential, ProviderTarget target, CancellationToken cancellationToken)
    {
        var answer = await ProviderResponse.ReadAsync(response, credential.Secrets.Concat(target.Secrets), cancellationToken);
        return Safely(answer, credential, () => Common(answer, credential) ?? ClassifyError(answer, credential))!.Redacted(credential.Secrets.ToList());
    }

    /// <summary>The class of a network failure of a gateway call, secrets masked; null for the caller's own cancellation and for bugs.</summary>
    public static VerificationResult? ClassifyTransport(Exception e, VerificationRequest credential, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && TransportFailures.Classify(e, credential.Schema.DisplayName) is { } failure
            ? failure.Redacted(credential.Secrets.ToList())
            : null;

    /// <summary>Escapes a model ID for a URL path segment (Bedrock IDs contain ':', Fireworks IDs '/').</summary>
    protected static string Segment(string value) => Uri.EscapeDataString(value);
}
