using AgentHub.Core.Gateway;
using AgentHub.Core.Gateway.Dialects;
using static AgentHub.Tests.Core.Gateway.DialectTestSupport;

namespace AgentHub.Tests.Core.Gateway;

/// <summary>The OpenAI format to Anthropic's Messages API and back, streamed and not.</summary>
public sealed class AnthropicDialectTests
{
    private static readonly ChatDialectContext Context = new("claude-sonnet-4-5", "my-claude", Stream: false);
    private readonly AnthropicDialect _dialect = new();

    [Fact]
    public void ToProviderShouldLiftSystemMessagesToTheTopLevelSystem()
    {
        var request = Json("""{"messages":[{"role":"system","content":"Be brief."},{"role":"developer","content":"Answer in French."},{"role":"user","content":"Hi"}]}""");

        var result = _dialect.ToProvider(request, Context);

        Assert.Equal("messages", result.RelativePath);
        Assert.Equal("claude-sonnet-4-5", (string?)result.Body["model"]);
        Assert.Equal("Be brief.\n\nAnswer in French.", (string?)result.Body["system"]);
        var message = Assert.Single(result.Body["messages"]!.AsArray())!;
        Assert.Equal("user", (string?)message["role"]);
        Assert.Equal("Hi", (string?)message["content"]![0]!["text"]);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}]}""", AnthropicDialect.DefaultMaxTokens)]
    [InlineData("""{"max_tokens":300,"messages":[{"role":"user","content":"Hi"}]}""", 300)]
    [InlineData("""{"max_tokens":300,"max_completion_tokens":200,"messages":[{"role":"user","content":"Hi"}]}""", 200)]
    public void ToProviderShouldAlwaysSendMaxTokens(string json, int expected)
    {
        var result = _dialect.ToProvider(Json(json), Context);

        Assert.Equal(expected, (int)result.Body["max_tokens"]!);
    }

    [Fact]
    public void ToProviderShouldCopyStopTemperatureTopPAndStream()
    {
        var request = Json("""{"messages":[{"role":"user","content":"Hi"}],"stop":"END","temperature":0.2,"top_p":0.9}""");

        var result = _dialect.ToProvider(request, Context with { Stream = true });

        Assert.Equal("""["END"]""", result.Body["stop_sequences"]!.ToJsonString());
        Assert.Equal(0.2, (double)result.Body["temperature"]!);
        Assert.Equal(0.9, (double)result.Body["top_p"]!);
        Assert.True((bool)result.Body["stream"]!);
    }

    [Theory]
    [InlineData("\"auto\"", """{"type":"auto"}""")]
    [InlineData("\"required\"", """{"type":"any"}""")]
    [InlineData("\"none\"", """{"type":"none"}""")]
    [InlineData("""{"type":"function","function":{"name":"get_weather"}}""", """{"type":"tool","name":"get_weather"}""")]
    public void ToProviderShouldMapToolsAndToolChoice(string toolChoice, string expected)
    {
        var request = Json("""{"messages":[{"role":"user","content":"Hi"}]}""");
        request["tools"] = new JsonArray(WeatherTool.DeepClone());
        request["tool_choice"] = JsonNode.Parse(toolChoice);

        var result = _dialect.ToProvider(request, Context);

        var tool = Assert.Single(result.Body["tools"]!.AsArray())!;
        Assert.Equal("get_weather", (string?)tool["name"]);
        Assert.Equal("The weather in a city", (string?)tool["description"]);
        Assert.Equal("object", (string?)tool["input_schema"]!["type"]);
        Assert.True(SameJson(expected, result.Body["tool_choice"]!.ToJsonString()));
    }

    [Fact]
    public void ToProviderShouldTurnAToolRoundTripIntoToolUseAndOneUserTurnOfToolResults()
    {
        var request = Json("""
            {"messages":[
              {"role":"user","content":"Weather in Paris and Rome?"},
              {"role":"assistant","content":null,"tool_calls":[
                {"id":"toolu_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
                {"id":"toolu_2","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]},
              {"role":"tool","tool_call_id":"toolu_1","content":"Sunny"},
              {"role":"tool","tool_call_id":"toolu_2","content":"Rain"},
              {"role":"user","content":"Thanks"}]}
            """);

        var messages = _dialect.ToProvider(request, Context).Body["messages"]!.AsArray();

        Assert.Equal(["user", "assistant", "user"], messages.Select(m => (string)m!["role"]!));
        var uses = messages[1]!["content"]!.AsArray();
        Assert.Equal(["tool_use", "tool_use"], uses.Select(b => (string)b!["type"]!));
        Assert.Equal("Rome", (string?)uses[1]!["input"]!["city"]);
        var results = messages[2]!["content"]!.AsArray();
        Assert.Equal(["tool_result", "tool_result", "text"], results.Select(b => (string)b!["type"]!));
        Assert.Equal("toolu_2", (string?)results[1]!["tool_use_id"]);
        Assert.Equal("Rain", (string?)results[1]!["content"]);
    }

    [Theory]
    [InlineData("end_turn", "stop")]
    [InlineData("stop_sequence", "stop")]
    [InlineData("max_tokens", "length")]
    [InlineData("tool_use", "tool_calls")]
    public void FromProviderShouldMapTheStopReason(string stopReason, string expected)
    {
        var answer = Json($$$"""{"id":"msg_1","content":[{"type":"text","text":"Hello"}],"stop_reason":"{{{stopReason}}}","usage":{"input_tokens":5,"output_tokens":2}}""");

        var result = _dialect.FromProvider(answer, Context);

        Assert.Equal(expected, (string?)result["choices"]![0]!["finish_reason"]);
    }

    [Fact]
    public void FromProviderShouldReturnTheTextTheAliasAndTheUsage()
    {
        var answer = Json("""{"id":"msg_1","content":[{"type":"text","text":"Hel"},{"type":"text","text":"lo"}],"stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":2}}""");

        var result = _dialect.FromProvider(answer, Context);

        Assert.Equal("chat.completion", (string?)result["object"]);
        Assert.Equal("my-claude", (string?)result["model"]);
        Assert.Equal("Hello", (string?)result["choices"]![0]!["message"]!["content"]);
        Assert.True(SameJson("""{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}""", result["usage"]!.ToJsonString()));
    }

    [Fact]
    public void FromProviderShouldReturnToolCallsWithTheirArgumentsAsJsonText()
    {
        var answer = Json("""{"id":"msg_1","content":[{"type":"tool_use","id":"toolu_9","name":"get_weather","input":{"city":"Paris"}}],"stop_reason":"tool_use","usage":{"input_tokens":5,"output_tokens":2}}""");

        var message = _dialect.FromProvider(answer, Context)["choices"]![0]!["message"]!;

        Assert.Null((string?)message["content"]);
        var call = Assert.Single(message["tool_calls"]!.AsArray())!;
        Assert.Equal("toolu_9", (string?)call["id"]);
        Assert.Equal("get_weather", (string?)call["function"]!["name"]);
        Assert.True(SameJson("""{"city":"Paris"}""", (string)call["function"]!["arguments"]!));
    }

    [Fact]
    public async Task StreamShouldYieldTextDeltasThenTheFinishReasonThenTheUsage()
    {
        var body = Sse(
            ("message_start", """{"type":"message_start","message":{"id":"msg_7","usage":{"input_tokens":9,"output_tokens":1}}}"""),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            ("ping", """{"type":"ping"}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":0}"""),
            ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":4}}"""),
            ("message_stop", """{"type":"message_stop"}"""));

        var chunks = await ChunksAsync(_dialect, body, Context);

        Assert.All(chunks, c => Assert.Equal("msg_7", (string?)c["id"]));
        Assert.Equal("Hello", Content(chunks));
        Assert.Equal("stop", FinishReason(chunks));
        Assert.Empty(chunks[^1]["choices"]!.AsArray());
        Assert.True(SameJson("""{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13}""", chunks[^1]["usage"]!.ToJsonString()));
    }

    [Fact]
    public async Task StreamShouldStreamEachToolUseAsAToolCallWithArgumentFragments()
    {
        var body = Sse(
            ("message_start", """{"type":"message_start","message":{"id":"msg_7","usage":{"input_tokens":9,"output_tokens":1}}}"""),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking."}}"""),
            ("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_a","name":"get_weather","input":{}}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\":"}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\"Paris\"}"}}"""),
            ("content_block_start", """{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_b","name":"get_time","input":{}}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{}"}}"""),
            ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":30}}"""),
            ("message_stop", """{"type":"message_stop"}"""));

        var chunks = await ChunksAsync(_dialect, body, Context);

        Assert.Equal([("toolu_a", "get_weather", """{"city":"Paris"}"""), ("toolu_b", "get_time", "{}")], ToolCalls(chunks));
        Assert.Equal("tool_calls", FinishReason(chunks));
    }

    [Fact]
    public async Task StreamErrorEventShouldThrowChatStreamException()
    {
        var body = Sse(
            ("message_start", """{"type":"message_start","message":{"id":"msg_7","usage":{"input_tokens":9,"output_tokens":1}}}"""),
            ("error", """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""));

        var error = await Assert.ThrowsAsync<ChatStreamException>(() => ChunksAsync(_dialect, body, Context));

        Assert.Equal("overloaded_error: Overloaded", error.Message);
        Assert.True(error.ReportedByProvider);
    }

    [Fact]
    public async Task StreamCutBeforeMessageStopShouldThrowChatStreamException()
    {
        var body = Sse(("message_start", """{"type":"message_start","message":{"id":"msg_7","usage":{"input_tokens":9}}}"""));

        var error = await Assert.ThrowsAsync<ChatStreamException>(() => ChunksAsync(_dialect, body, Context));

        // Agent Hub's words about the stream, not the provider's: the agent is not told "The provider reported an error".
        Assert.False(error.ReportedByProvider);
        Assert.Equal("The provider's stream ended before message_stop.", error.ForAgent);
    }
}
