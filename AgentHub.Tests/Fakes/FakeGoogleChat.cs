using Microsoft.AspNetCore.Http;

namespace AgentHub.Tests.Fakes;

/// <summary>
/// Google's <c>generateContent</c> as <see cref="FakeGemini"/> and <see cref="FakeVertexAi"/> enforce it:
/// <c>contents</c> required, roles only <c>user</c>/<c>model</c>, every <c>functionCall</c> and
/// <c>functionResponse</c> named; replies whole, or as SSE where each <c>data:</c> is a whole response.
/// </summary>
public static class FakeGoogleChat
{
    /// <summary>
    /// The answer to an authenticated <c>{model}:generateContent</c> or <c>:streamGenerateContent</c>. Without
    /// <c>alt=sse</c> Google streams one JSON array; the fake speaks only the SSE form the gateway asks for.
    /// </summary>
    public static IResult Answer(HttpRequest request, string model)
    {
        var body = FakeChat.Body(request) ?? [];
        var streamed = model.EndsWith(":streamGenerateContent", StringComparison.Ordinal);
        if ((streamed && request.Query["alt"] != "sse" ? "The fake streams only with alt=sse." : Refusal(body)) is { } message)
        {
            return Results.Json(new { error = new { code = 400, message, status = "INVALID_ARGUMENT" } }, statusCode: 400);
        }

        var reply = Decide(body);
        return streamed ? new SseResult(Events(reply, body)) : Results.Json(Response(reply, body));
    }

    /// <summary>Google's message for a request it would refuse, or null.</summary>
    public static string? Refusal(JsonObject body)
    {
        if (body["contents"] is not JsonArray { Count: > 0 } contents)
        {
            return "* GenerateContentRequest.contents: contents is not specified";
        }

        for (var i = 0; i < contents.Count; i++)
        {
            if ((string?)contents[i]?["role"] is { } role && role is not ("user" or "model"))
            {
                return "Please use a valid role: user, model.";
            }

            var parts = contents[i]?["parts"] as JsonArray ?? [];
            for (var j = 0; j < parts.Count; j++)
            {
                foreach (var (kind, field) in new[] { ("functionCall", "function_call"), ("functionResponse", "function_response") })
                {
                    if (parts[j]?[kind] is JsonObject call && string.IsNullOrEmpty((string?)call["name"]))
                    {
                        return $"* GenerateContentRequest.contents[{i}].parts[{j}].{field}.name: Name cannot be empty.";
                    }
                }
            }
        }

        var declarations = (body["tools"] as JsonArray ?? []).SelectMany(t => t?["functionDeclarations"] as JsonArray ?? []).ToList();
        return declarations.Any(d => d?["parameters"] is not null && d["parametersJsonSchema"] is not null)
            ? "* GenerateContentRequest.tools[0].function_declarations: parameters and parameters_json_schema are mutually exclusive."
            : null;
    }

    /// <summary>What the conversation gets, by <see cref="FakeChat.Decide"/>.</summary>
    public static FakeChatReply Decide(JsonObject body)
    {
        var last = body["contents"]!.AsArray()[^1]?["parts"] as JsonArray ?? [];
        var result = last.LastOrDefault(p => p?["functionResponse"] is not null)?["functionResponse"]?["response"];
        var names = (body["tools"] as JsonArray ?? [])
            .SelectMany(t => t?["functionDeclarations"] as JsonArray ?? [])
            .Select(d => (string?)d?["name"] ?? "");
        return FakeChat.Decide(
            string.Concat(last.Select(p => (string?)p?["text"])),
            result?.ToJsonString(),
            names,
            (string?)body["toolConfig"]?["functionCallingConfig"]?["mode"] != "NONE");
    }

    /// <summary>The whole reply.</summary>
    public static JsonObject Response(FakeChatReply reply, JsonObject body) => reply is FakeChatReply.Text text
        ? Chunk([new JsonObject { ["text"] = text.Value }], FinishReason(body), true)
        : Chunk([FunctionCall()], "STOP", true);

    /// <summary>The reply as <c>alt=sse</c> streams it: text in several responses, the last with the finish reason and usage.</summary>
    public static IEnumerable<(string?, JsonNode)> Events(FakeChatReply reply, JsonObject body)
    {
        if (reply is not FakeChatReply.Text text)
        {
            yield return (null, Chunk([FunctionCall()], "STOP", true));
            yield break;
        }

        var pieces = FakeChat.Pieces(text.Value).ToList();
        for (var i = 0; i < pieces.Count; i++)
        {
            var last = i == pieces.Count - 1;
            yield return (null, Chunk([new JsonObject { ["text"] = pieces[i] }], last ? FinishReason(body) : null, last));
        }
    }

    private static JsonObject FunctionCall() =>
        new() { ["functionCall"] = new JsonObject { ["name"] = FakeChat.ToolName, ["args"] = JsonNode.Parse(FakeChat.ToolArguments) } };

    // A one-token probe is cut short, as the real API would cut it.
    private static string FinishReason(JsonObject body) => (int?)body["generationConfig"]?["maxOutputTokens"] <= 1 ? "MAX_TOKENS" : "STOP";

    private static JsonObject Chunk(JsonNode[] parts, string? finishReason, bool withUsage)
    {
        var candidate = new JsonObject { ["content"] = new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(parts) }, ["index"] = 0 };
        if (finishReason is not null)
        {
            candidate["finishReason"] = finishReason;
        }

        var response = new JsonObject { ["candidates"] = new JsonArray(candidate), ["modelVersion"] = "fake", ["responseId"] = "fake-response-1" };
        if (withUsage)
        {
            response["usageMetadata"] = new JsonObject
            {
                ["promptTokenCount"] = FakeChat.PromptTokens,
                ["candidatesTokenCount"] = FakeChat.CompletionTokens,
                ["totalTokenCount"] = FakeChat.PromptTokens + FakeChat.CompletionTokens,
            };
        }

        return response;
    }
}
