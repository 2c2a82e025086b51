using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using AgentHub.Core.Usage;

namespace AgentHub.Core.Gateway;

/// <summary>Passes a provider's stream on to the agent, already in OpenAI's chunk format (the dialect's work), and meters it.</summary>
internal static class GatewayStreamRelay
{
    /// <summary>
    /// Passes chunks on; the closing usage chunk (empty choices) only when the agent asked for usage.
    /// A provider error event quotes the provider's own text, which may echo what the call carried:
    /// its message leaves with the credential's secrets masked, like every other provider answer.
    /// </summary>
    public static async IAsyncEnumerable<JsonObject> Relay(
        IAsyncEnumerable<JsonObject> chunks, bool includeUsage, IReadOnlyList<string> secrets, UsageMeter meter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var enumerator = chunks.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (ChatStreamException e)
            {
                throw new ChatStreamException(Redactor.Redact(e.Message, secrets));
            }
            catch (Exception e) when (AnswerFailures.IsBreak(e, cancellationToken))
            {
                throw new ChatStreamException(AnswerFailures.BrokeOff, reportedByProvider: false);
            }
            catch (Exception e) when (AnswerFailures.IsUnreadable(e))
            {
                throw new ChatStreamException(AnswerFailures.Unreadable(e), reportedByProvider: false);
            }

            var chunk = enumerator.Current;
            meter.ReadUsage(chunk);
            var carriesChoices = chunk["choices"] is not JsonArray { Count: 0 };
            if (carriesChoices)
            {
                meter.FirstToken();
            }

            if (includeUsage || carriesChoices)
            {
                yield return chunk;
            }
        }
    }
}
