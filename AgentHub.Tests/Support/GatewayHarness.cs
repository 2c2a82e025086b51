using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using AgentHub.Core.AgentKeys;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;

namespace AgentHub.Tests.Support;

/// <summary>
/// The running app with the fakes behind it, a Verified credential of one provider, a model
/// connected through it under <see cref="Alias"/> (temperature 0.3 as a stored default), and an
/// agent key: what an agent needs to call the gateway.
/// </summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    public const string Alias = "team-model";
    public const double StoredTemperature = 0.3;

    private GatewayHarness(AgentHubAppFactory app, FakeProviderServer fake, CapturingLoggerProvider logs) => (App, Fake, Logs) = (app, fake, logs);

    public AgentHubAppFactory App { get; }

    public FakeProviderServer Fake { get; }

    public CapturingLoggerProvider Logs { get; }

    public Actor Admin { get; private set; } = null!;

    public CredentialSummary Credential { get; private set; } = null!;

    public ModelSummary Model { get; private set; } = null!;

    /// <summary>The agent key, as shown once at creation.</summary>
    public string AgentKey { get; private set; } = null!;

    /// <summary>
    /// Starts the app and seeds it. With <paramref name="caCertificate"/> the app does not trust the fakes'
    /// certificate: the credential carries it as its own CA (Custom's CA certificate field).
    /// </summary>
    public static async Task<GatewayHarness> StartAsync(
        FakeProviders fakes, string providerId, IDictionary<string, string?>? settings = null, string? caCertificate = null)
    {
        fakes.ResetAll();
        var all = fakes.OperatorSettings();
        // The store's commands in the captured log: tests count the queries a call makes.
        all["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var logs = new CapturingLoggerProvider();
        var app = new AgentHubAppFactory(all, services =>
        {
            if (caCertificate is null)
            {
                FakeProviders.TrustTheFakes(services);
            }

            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        });
        return await SeedAsync(app, fakes, providerId, logs, caCertificate is null ? null : new() { [FieldKeys.CaCertificate] = caCertificate });
    }

    /// <summary>
    /// Seeds an app that is already configured (the fakes' settings and certificate trusted): the owner,
    /// a Verified credential of <paramref name="providerId"/>, the model under <see cref="Alias"/> and an agent key.
    /// </summary>
    public static async Task<GatewayHarness> SeedAsync(
        AgentHubAppFactory app, FakeProviders fakes, string providerId, CapturingLoggerProvider? logs = null, Dictionary<string, string>? extraValues = null)
    {
        fakes.ResetAll();
        var harness = new GatewayHarness(app, fakes.For(providerId), logs ?? new CapturingLoggerProvider());
        await AccountForms.CreateOwnerAsync(app.Services);
        harness.Admin = await AccountForms.OwnerActorAsync(app.Services);

        using var scope = app.Services.CreateScope();
        var changes = scope.ServiceProvider.GetRequiredService<CredentialChanges>();
        var verification = scope.ServiceProvider.GetRequiredService<CredentialVerification>();
        var values = fakes.Credential(scope.ServiceProvider, providerId, extra: extraValues).Values.ToDictionary(v => v.Key, v => (string?)v.Value);
        var created = await changes.CreateAsync(harness.Admin, new CredentialInput { Name = "Provider key", ProviderId = providerId, Values = values });
        Assert.True(created.Succeeded, created.Error?.Message);
        harness.Credential = (await verification.VerifyAsync(harness.Admin, created.Value.Id)).ValueOrFail();
        Assert.Equal(CredentialStatus.Verified, harness.Credential.Status);

        var model = await scope.ServiceProvider.GetRequiredService<ModelChanges>().ConnectAsync(harness.Admin, new ModelInput
        {
            CredentialId = harness.Credential.Id, ModelId = harness.Fake.Models[0], Alias = Alias, Temperature = StoredTemperature,
        });
        Assert.True(model.Succeeded, model.Error?.Message);
        harness.Model = model.Value;
        harness.AgentKey = (await harness.CreateKeyAsync(new AgentKeyInput { Name = "Agent" })).Key;
        // The verification's calls are not the agent's: start the record afresh.
        harness.Fake.Reset();
        return harness;
    }

    /// <summary>Creates another agent key as the admin.</summary>
    public async Task<CreatedAgentKey> CreateKeyAsync(AgentKeyInput input, Actor? actor = null)
    {
        using var scope = App.Services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<AgentKeyService>().CreateAsync(actor ?? Admin, input);
        Assert.True(created.Succeeded, created.Error?.Message);
        return created.Value;
    }

    /// <summary>A client to the app that neither follows redirects nor keeps cookies, as an agent's HTTP library.</summary>
    public HttpClient RawClient(string? agentKey = null)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (agentKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agentKey);
        }

        return client;
    }

    /// <summary>The official OpenAI .NET SDK pointed at the gateway (<c>&lt;app&gt;/v1</c>) with the agent key, without retries.</summary>
    public ChatClient Sdk(string? agentKey = null, string model = Alias)
    {
        var http = RawClient();
        return new ChatClient(model, new ApiKeyCredential(agentKey ?? AgentKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });
    }

    /// <summary>The tool the tool-call tests offer: the fakes answer it with a call for Paris.</summary>
    public static readonly ChatTool WeatherTool = ChatTool.CreateFunctionTool(
        FakeChat.ToolName, "The current weather in a city.",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));

    /// <summary>
    /// A tool call's round trip through the SDK: the answer asking for <see cref="WeatherTool"/>, its
    /// one call, and the answer once the tool's result ("sunny, 24 C") is sent back.
    /// </summary>
    public async Task<(ChatCompletion Call, ChatToolCall ToolCall, ChatCompletion Answer)> ToolCallRoundTripAsync()
    {
        var sdk = Sdk();
        var options = new ChatCompletionOptions { Tools = { WeatherTool }, ToolChoice = ChatToolChoice.CreateAutoChoice() };
        List<ChatMessage> messages = [new UserChatMessage("What is the weather in Paris?")];
        ChatCompletion call = await sdk.CompleteChatAsync(messages, options);
        var toolCall = Assert.Single(call.ToolCalls);
        messages.Add(new AssistantChatMessage(call));
        messages.Add(new ToolChatMessage(toolCall.Id, "sunny, 24 C"));
        ChatCompletion answer = await sdk.CompleteChatAsync(messages, options);
        return (call, toolCall, answer);
    }

    /// <summary>A streamed tool call's function name and its arguments put together from the updates.</summary>
    public async Task<(string? Name, string Arguments)> StreamedToolCallAsync()
    {
        var arguments = "";
        string? name = null;
        await foreach (var update in Sdk().CompleteChatStreamingAsync(
            [new UserChatMessage("What is the weather in Paris?")], new ChatCompletionOptions { Tools = { WeatherTool } }))
        {
            foreach (var part in update.ToolCallUpdates)
            {
                name ??= part.FunctionName;
                arguments += part.FunctionArgumentsUpdate?.ToString();
            }
        }

        return (name, arguments);
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
