using System.Text.Json;

namespace AgentHub.Tests.Web.Gateway;

/// <summary>A chat call over raw HTTP and its error envelope, for the gateway's error tests.</summary>
internal static class GatewayCalls
{
    public static StringContent Chat(string model = GatewayHarness.Alias) =>
        new(JsonSerializer.Serialize(new { model, messages = new[] { new { role = "user", content = "Ping?" } } }), Encoding.UTF8, "application/json");

    public static async Task<(HttpStatusCode Status, string Code, string Message, HttpResponseMessage Response)> PostAsync(HttpClient client, StringContent? body = null)
    {
        var response = await client.PostAsync("/v1/chat/completions", body ?? Chat());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(text);
        var error = json.RootElement.GetProperty("error");
        Assert.NotNull(error.GetProperty("type").GetString());
        return (response.StatusCode, error.GetProperty("code").GetString()!, error.GetProperty("message").GetString()!, response);
    }
}
