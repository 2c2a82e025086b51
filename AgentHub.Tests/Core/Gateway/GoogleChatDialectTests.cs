using AgentHub.Core.Verification.Clients;
using AgentHub.Core.Gateway;
using AgentHub.Core.Gateway.Dialects;
using static AgentHub.Tests.Core.Gateway.DialectTestSupport;

namespace AgentHub.Tests.Core.Gateway;

/// <summary>The OpenAI format to Google's generateContent (Gemini API and Vertex AI) and back, streamed and not.</summary>
public sealed class GoogleChatDialectTests
{
    private static readonly ChatDialectContext Context = new("gemini-2.5-flash", "my-gemini", Stream: false);
    private readonly GeminiDialect _gemini = new();

    [Fact]
    public void ToProviderShouldAddressTheGeminiModelAndItsStreamingMethod()
    {
        var request = Json("""{"messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal("models/gemini-2.5-flash:generateContent", _gemini.ToProvider(request, Context).RelativePath);
        Assert.Equal("models/gemini-2.5-flash:streamGenerateContent?alt=sse", _gemini.ToProvider(request, Context with { Stream = true }).RelativePath);
    }

    [Fact]
    public void ToProviderShouldAddressTheVertexModelInItsProjectAndLocation()
    {
        var request = Json("""{"messages":[{"role":"user","content":"Hi"}]}""");
        using var http = new HttpClient();
        var target = new VertexTarget(new Uri("https://europe-west4-aiplatform.googleapis.com/"), [], http, "my-project", "europe-west4");
        var context = Context with { ModelsPath = target.ModelsPath, Stream = true };

        var result = new VertexAiDialect().ToProvider(request, context);

        Assert.Equal("v1/projects/my-project/locations/europe-west4/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse", result.RelativePath);
    }

    [Fact]
    public void ToProviderShouldPutSystemMessagesInTheSystemInstructionAndParametersInTheGenerationConfig()
    {
        var request = Json("""{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],"temperature":0.3,"top_p":0.8,"max_tokens":100,"stop":["END","STOP"]}""");

        var body = _gemini.ToProvider(request, Context).Body;

        Assert.Equal("Be brief.", (string?)body["systemInstruction"]!["parts"]![0]!["text"]);
        Assert.Equal("user", (string?)Assert.Single(body["contents"]!.AsArray())!["role"]);
        Assert.True(SameJson("""{"temperature":0.3,"topP":0.8,"maxOutputTokens":100,"stopSequences":["END","STOP"]}""", body["generationConfig"]!.ToJsonString()));
    }

    [Theory]
    [InlineData("\"auto\"", """{"mode":"AUTO"}""")]
    [InlineData("\"required\"", """{"mode":"ANY"}""")]
    [InlineData("\"none\"", """{"mode":"NONE"}""")]
    [InlineData("""{"type":"function","function":{"name":"get_weather"}}""", """{"mode":"ANY","allowedFunctionNames":["get_weather"]}""")]
    public void ToProviderShouldMapToolsAndToolChoice(string toolChoice, string expected)
    {
        var request = Json("""{"messages":[{"role":"user","content":"Hi"}]}""");
        request["tools"] = new JsonArray(WeatherTool.DeepClone());
        request["tool_choice"] = JsonNode.Parse(toolChoice);

        var body = _gemini.ToProvider(request, Context).Body;

        var declaration = Assert.Single(body["tools"]![0]!["functionDeclarations"]!.AsArray())!;
        Assert.Equal("get_weather", (string?)declaration["name"]);
        Assert.Equal("object", (string?)declaration["parametersJsonSchema"]!["type"]);
        Assert.True(SameJson(expected, body["toolConfig"]!["functionCallingConfig"]!.ToJsonString()));
    }

    [Fact]
    public void ToProviderShouldNameEachFunctionResponseAfterTheCallItAnswers()
    {
        var request = Json("""
            {"messages":[
              {"role":"user","content":"Weather and time in Paris?"},
              {"role":"assistant","tool_calls":[
                {"id":"abc","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
                {"id":"call_1_get_time","type":"function","function":{"name":"get_time","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"abc","content":"{\"sky\":\"clear\"}"},
              {"role":"tool","tool_call_id":"call_1_get_time","content":"noon"}]}
            """);

        var contents = _gemini.ToProvider(request, Context).Body["contents"]!.AsArray();

        Assert.Equal(["user", "model", "user"], contents.Select(c => (string)c!["role"]!));
        Assert.Equal("Paris", (string?)contents[1]!["parts"]![0]!["functionCall"]!["args"]!["city"]);
        var responses = contents[2]!["parts"]!.AsArray().Select(p => p!["functionResponse"]!).ToList();
        Assert.Equal(["get_weather", "get_time"], responses.Select(r => (string)r["name"]!));
        Assert.True(SameJson("""{"sky":"clear"}""", responses[0]["response"]!.ToJsonString()));
        Assert.True(SameJson("""{"content":"noon"}""", responses[1]["response"]!.ToJsonString()));
    }

    [Fact]
    public void ToProviderShouldFindTheFunctionNameInAnIdItMadeWhenTheCallIsNoLongerInTheHistory()
    {
        var request = Json("""{"messages":[{"role":"user","content":"Go"},{"role":"tool","tool_call_id":"call_3_get_weather_now","content":"Sunny"}]}""");

        var part = _gemini.ToProvider(request, Context).Body["contents"]![0]!["parts"]![1]!;

        Assert.Equal("get_weather_now", (string?)part["functionResponse"]!["name"]);
    }

    [Theory]
    [InlineData("STOP", "stop")]
    [InlineData("MAX_TOKENS", "length")]
    [InlineData("SAFETY", "content_filter")]
    [InlineData("RECITATION", "content_filter")]
    public void FromProviderShouldMapTheFinishReason(string finishReason, string expected)
    {
        var answer = Json($$$"""{"candidates":[{"content":{"role":"model","parts":[{"text":"Hi"}]},"finishReason":"{{{finishReason}}}"}]}""");

        Assert.Equal(expected, (string?)_gemini.FromProvider(answer, Context)["choices"]![0]!["finish_reason"]);
    }

    [Fact]
    public void FromProviderShouldReturnTheTextAndTheUsage()
    {
        var answer = Json("""{"candidates":[{"content":{"role":"model","parts":[{"text":"Hel"},{"text":"lo"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":3,"totalTokenCount":7},"responseId":"r1"}""");

        var result = _gemini.FromProvider(answer, Context);

        Assert.Equal("my-gemini", (string?)result["model"]);
        Assert.Equal("Hello", (string?)result["choices"]![0]!["message"]!["content"]);
        Assert.True(SameJson("""{"prompt_tokens":4,"completion_tokens":3,"total_tokens":7}""", result["usage"]!.ToJsonString()));
    }

    [Fact]
    public void FromProviderShouldTurnFunctionCallsIntoToolCallsWithIdsThatCarryTheName()
    {
        var answer = Json("""{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}}}]},"finishReason":"STOP"}]}""");

        var choice = _gemini.FromProvider(answer, Context)["choices"]![0]!;

        Assert.Equal("tool_calls", (string?)choice["finish_reason"]);
        var call = Assert.Single(choice["message"]!["tool_calls"]!.AsArray())!;
        Assert.Equal("call_0_get_weather", (string?)call["id"]);
        Assert.True(SameJson("""{"city":"Paris"}""", (string)call["function"]!["arguments"]!));
    }

    [Fact]
    public async Task StreamShouldYieldEachResponsesTextThenTheFinishReasonThenTheLastUsage()
    {
        var body = Sse(
            (null, """{"candidates":[{"content":{"role":"model","parts":[{"text":"Hel"}]}}],"usageMetadata":{"promptTokenCount":4}}"""),
            (null, """{"candidates":[{"content":{"role":"model","parts":[{"text":"lo"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":2}}"""));

        var chunks = await ChunksAsync(_gemini, body, Context);

        Assert.Equal("Hello", Content(chunks));
        Assert.Equal("stop", FinishReason(chunks));
        Assert.True(SameJson("""{"prompt_tokens":4,"completion_tokens":2,"total_tokens":6}""", chunks[^1]["usage"]!.ToJsonString()));
    }

    [Fact]
    public async Task StreamShouldYieldAWholeFunctionCallAsOneToolCall()
    {
        var body = Sse(
            (null, """{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}}}]},"finishReason":"STOP"}]}"""));

        var chunks = await ChunksAsync(_gemini, body, Context);

        var call = Assert.Single(ToolCalls(chunks));
        Assert.Equal(("call_0_get_weather", "get_weather"), (call.Id, call.Name));
        Assert.True(SameJson("""{"city":"Paris"}""", call.Arguments));
        Assert.Equal("tool_calls", FinishReason(chunks));
    }

    [Fact]
    public async Task StreamErrorShouldThrowChatStreamException()
    {
        var body = Sse(
            (null, """{"candidates":[{"content":{"role":"model","parts":[{"text":"Hel"}]}}]}"""),
            (null, """{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}"""));

        var error = await Assert.ThrowsAsync<ChatStreamException>(() => ChunksAsync(_gemini, body, Context));

        Assert.Equal("UNAVAILABLE: The model is overloaded.", error.Message);
    }
}
