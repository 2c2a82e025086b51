using AgentHub.Core.Gateway;
using AgentHub.Core.Gateway.Dialects;
using static AgentHub.Tests.Core.Gateway.DialectTestSupport;

namespace AgentHub.Tests.Core.Gateway;

/// <summary>The OpenAI format to Bedrock's Converse API and back, including the AWS event stream frames.</summary>
public sealed class BedrockDialectTests
{
    private static readonly ChatDialectContext Context = new("anthropic.claude-3-haiku-20240307-v1:0", "my-bedrock", Stream: false);
    private readonly BedrockDialect _dialect = new();

    [Fact]
    public void ToProviderShouldAddressConverseOrConverseStreamWithTheModelIdEscaped()
    {
        var request = Json("""{"messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal("model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", _dialect.ToProvider(request, Context).RelativePath);
        Assert.Equal("model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream", _dialect.ToProvider(request, Context with { Stream = true }).RelativePath);
    }

    [Fact]
    public void ToProviderShouldPutSystemAndParametersWhereConverseWantsThem()
    {
        var request = Json("""{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],"max_completion_tokens":50,"temperature":0.1,"top_p":0.5,"stop":"END"}""");

        var body = _dialect.ToProvider(request, Context).Body;

        Assert.True(SameJson("""[{"text":"Be brief."}]""", body["system"]!.ToJsonString()));
        Assert.True(SameJson("""[{"role":"user","content":[{"text":"Hi"}]}]""", body["messages"]!.ToJsonString()));
        Assert.True(SameJson("""{"maxTokens":50,"temperature":0.1,"topP":0.5,"stopSequences":["END"]}""", body["inferenceConfig"]!.ToJsonString()));
    }

    [Theory]
    [InlineData("\"auto\"", """{"auto":{}}""")]
    [InlineData("\"required\"", """{"any":{}}""")]
    [InlineData("""{"type":"function","function":{"name":"get_weather"}}""", """{"tool":{"name":"get_weather"}}""")]
    public void ToProviderShouldMapToolsAndToolChoice(string toolChoice, string expected)
    {
        var request = Json("""{"messages":[{"role":"user","content":"Hi"}]}""");
        request["tools"] = new JsonArray(WeatherTool.DeepClone());
        request["tool_choice"] = JsonNode.Parse(toolChoice);

        var config = _dialect.ToProvider(request, Context).Body["toolConfig"]!;

        var spec = Assert.Single(config["tools"]!.AsArray())!["toolSpec"]!;
        Assert.Equal("get_weather", (string?)spec["name"]);
        Assert.Equal("object", (string?)spec["inputSchema"]!["json"]!["type"]);
        Assert.True(SameJson(expected, config["toolChoice"]!.ToJsonString()));
    }

    [Fact]
    public void ToProviderWithToolChoiceNoneShouldLeaveTheToolsOut()
    {
        var request = Json("""{"messages":[{"role":"user","content":"Hi"}],"tool_choice":"none"}""");
        request["tools"] = new JsonArray(WeatherTool.DeepClone());

        Assert.Null(_dialect.ToProvider(request, Context).Body["toolConfig"]);
    }

    [Fact]
    public void ToProviderShouldTurnAToolRoundTripIntoToolUseAndToolResultBlocks()
    {
        var request = Json("""
            {"messages":[
              {"role":"user","content":"Weather in Paris?"},
              {"role":"assistant","content":"","tool_calls":[{"id":"tooluse_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
              {"role":"tool","tool_call_id":"tooluse_1","content":"{\"sky\":\"clear\"}"},
              {"role":"user","content":"And tomorrow?"}],
             "tool_choice":"none"}
            """);
        request["tools"] = new JsonArray(WeatherTool.DeepClone());

        var body = _dialect.ToProvider(request, Context).Body;

        var messages = body["messages"]!.AsArray();
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => (string)m!["role"]!));
        Assert.True(SameJson("""[{"toolUse":{"toolUseId":"tooluse_1","name":"get_weather","input":{"city":"Paris"}}}]""", messages[1]!["content"]!.ToJsonString()));
        Assert.True(SameJson(
            """[{"toolResult":{"toolUseId":"tooluse_1","content":[{"json":{"sky":"clear"}}],"status":"success"}},{"text":"And tomorrow?"}]""",
            messages[2]!["content"]!.ToJsonString()));
        // Bedrock requires the tools beside tool blocks, even when the agent asked for none.
        Assert.NotNull(body["toolConfig"]);
    }

    [Theory]
    [InlineData("end_turn", "stop")]
    [InlineData("stop_sequence", "stop")]
    [InlineData("max_tokens", "length")]
    [InlineData("tool_use", "tool_calls")]
    [InlineData("guardrail_intervened", "content_filter")]
    [InlineData("content_filtered", "content_filter")]
    public void FromProviderShouldMapTheStopReason(string stopReason, string expected)
    {
        var answer = Json($$$"""{"output":{"message":{"role":"assistant","content":[{"text":"Hi"}]}},"stopReason":"{{{stopReason}}}","usage":{"inputTokens":3,"outputTokens":1}}""");

        Assert.Equal(expected, (string?)_dialect.FromProvider(answer, Context)["choices"]![0]!["finish_reason"]);
    }

    [Fact]
    public void FromProviderShouldReturnTextToolCallsAndUsage()
    {
        var answer = Json("""
            {"output":{"message":{"role":"assistant","content":[{"text":"Checking."},{"toolUse":{"toolUseId":"tooluse_9","name":"get_weather","input":{"city":"Paris"}}}]}},
             "stopReason":"tool_use","usage":{"inputTokens":3,"outputTokens":8,"totalTokens":11}}
            """);

        var result = _dialect.FromProvider(answer, Context);

        var message = result["choices"]![0]!["message"]!;
        Assert.Equal("Checking.", (string?)message["content"]);
        var call = Assert.Single(message["tool_calls"]!.AsArray())!;
        Assert.Equal("tooluse_9", (string?)call["id"]);
        Assert.True(SameJson("""{"city":"Paris"}""", (string)call["function"]!["arguments"]!));
        Assert.True(SameJson("""{"prompt_tokens":3,"completion_tokens":8,"total_tokens":11}""", result["usage"]!.ToJsonString()));
    }

    [Fact]
    public async Task StreamShouldReadTextDeltasTheStopReasonAndTheUsageFromFrames()
    {
        var body = Frames(
            Event("messageStart", """{"role":"assistant"}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Hel"}}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"lo"}}"""),
            Event("contentBlockStop", """{"contentBlockIndex":0}"""),
            Event("messageStop", """{"stopReason":"end_turn"}"""),
            Event("metadata", """{"usage":{"inputTokens":5,"outputTokens":2,"totalTokens":7},"metrics":{"latencyMs":10}}"""));

        var chunks = await ChunksAsync(_dialect, body, Context);

        Assert.Equal("Hello", Content(chunks));
        Assert.Equal("stop", FinishReason(chunks));
        Assert.Empty(chunks[^1]["choices"]!.AsArray());
        Assert.True(SameJson("""{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}""", chunks[^1]["usage"]!.ToJsonString()));
    }

    [Fact]
    public async Task StreamShouldStreamAToolUseAsAToolCallWithArgumentFragments()
    {
        var body = Frames(
            Event("messageStart", """{"role":"assistant"}"""),
            Event("contentBlockStart", """{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"tooluse_a","name":"get_weather"}}}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"city\":"}}}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"toolUse":{"input":"\"Paris\"}"}}}"""),
            Event("contentBlockStop", """{"contentBlockIndex":1}"""),
            Event("messageStop", """{"stopReason":"tool_use"}"""));

        var chunks = await ChunksAsync(_dialect, body, Context);

        Assert.Equal([("tooluse_a", "get_weather", """{"city":"Paris"}""")], ToolCalls(chunks));
        Assert.Equal("tool_calls", FinishReason(chunks));
    }

    [Fact]
    public async Task StreamExceptionFrameShouldThrowChatStreamException()
    {
        var body = Frames(
            Event("messageStart", """{"role":"assistant"}"""),
            EventStreamWriter.Exception("throttlingException", "Too many tokens, please wait before trying again."));

        var error = await Assert.ThrowsAsync<ChatStreamException>(() => ChunksAsync(_dialect, body, Context));

        Assert.Equal("throttlingException: Too many tokens, please wait before trying again.", error.Message);
        Assert.True(error.ReportedByProvider);
    }

    [Theory]
    [InlineData(9, "prelude CRC")]
    [InlineData(-6, "message whose CRC")]
    public async Task StreamWithACorruptFrameShouldThrowChatStreamException(int byteToFlip, string expected)
    {
        var frame = Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Hello"}}""");
        frame[byteToFlip < 0 ? frame.Length + byteToFlip : byteToFlip] ^= 0x20;
        var body = Frames(Event("messageStart", """{"role":"assistant"}"""), frame);

        var error = await Assert.ThrowsAsync<ChatStreamException>(() => ChunksAsync(_dialect, body, Context));

        Assert.Contains(expected, error.Message);
        Assert.False(error.ReportedByProvider);
    }

    [Fact]
    public async Task StreamCutInsideAFrameShouldThrowChatStreamException()
    {
        var frame = Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Hello"}}""");
        var body = Frames(Event("messageStart", """{"role":"assistant"}"""), frame[..^10]);

        var error = await Assert.ThrowsAsync<ChatStreamException>(() => ChunksAsync(_dialect, body, Context));

        Assert.Contains("cut", error.Message);
        Assert.False(error.ReportedByProvider);
    }
}
