using System.Text.Json.Nodes;

namespace AgentHub.Core.Gateway.Dialects;

/// <summary>
/// Conversation turns being built for a provider that wants roles to alternate: parts added for the
/// same role as the last turn join that turn.
/// </summary>
/// <param name="partsName">The name of a turn's list of parts (<c>content</c>, <c>parts</c>).</param>
internal sealed class TurnList(string partsName)
{
    private readonly JsonArray _turns = [];

    /// <summary>Adds <paramref name="parts"/> as a turn of <paramref name="role"/>, or to the last turn when it has that role. Nothing is added for no parts.</summary>
    public void Add(string role, IEnumerable<JsonNode> parts)
    {
        var list = parts.ToList();
        if (list.Count == 0)
        {
            return;
        }

        if (_turns.Count > 0 && _turns[^1] is JsonObject last && (string?)last["role"] == role)
        {
            var existing = (JsonArray)last[partsName]!;
            list.ForEach(existing.Add);
            return;
        }

        _turns.Add(new JsonObject { ["role"] = role, [partsName] = new JsonArray([.. list]) });
    }

    /// <summary>The turns, in order.</summary>
    public JsonArray ToArray() => _turns;
}
