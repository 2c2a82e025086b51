namespace AgentHub.Tests.Core.Gateway;

/// <summary>
/// Sends a provider chat request to its fake over real HTTPS (trusting only the fakes' certificate), with
/// the auth headers each fake checks added the simplest way: the fake's valid key in the provider's
/// header, and for Vertex AI the token the fake's token endpoint issues.
/// </summary>
internal sealed class FakeChatSender : IDisposable
{
    private readonly FakeProviders _fakes;
    private readonly HttpClient _http;

    public FakeChatSender(FakeProviders fakes)
    {
        _fakes = fakes;
        var handler = new SocketsHttpHandler { UseProxy = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString() == TestCertificates.Root.GetCertHashString();
        _http = new HttpClient(handler);
    }

    /// <summary>POSTs <paramref name="body"/> to <paramref name="relativePath"/> under the fake's API base; the body is left unread.</summary>
    public Task<HttpResponseMessage> SendAsync(string providerId, string relativePath, JsonObject body)
    {
        var fake = _fakes.For(providerId);
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(fake.BaseUrl, relativePath))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        switch (providerId)
        {
            case ProviderIds.Anthropic:
                message.Headers.Add("x-api-key", fake.ValidKey);
                message.Headers.Add("anthropic-version", "2023-06-01");
                break;
            case ProviderIds.Gemini:
                message.Headers.Add("x-goog-api-key", fake.ValidKey);
                break;
            case ProviderIds.VertexAi:
                message.Headers.Authorization = new("Bearer", FakeVertexAi.IssuedToken);
                break;
            default:
                message.Headers.Authorization = new("Bearer", fake.ValidKey);
                break;
        }

        return _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
    }

    public void Dispose() => _http.Dispose();
}
