using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using AgentHub.Core.Usage;
using Microsoft.Extensions.Logging;

namespace AgentHub.Core.Gateway;

/// <summary>Passes a provider's stream on to the agent, already in OpenAI's chunk format (the dialect's work), and meters it.</summary>
internal static class GatewayStreamRelay
{
    /// <summary>
    /// Passes chunks on; the closing usage chunk (empty choices) only when the agent asked for usage.
    /// A provider error event quotes the provider's own text, which may echo what the call carried:
    /// its message leaves with the credential's secrets masked, like every other provider answer. A stream that breaks off
    /// or cannot be read ends with Agent Hub's words (<see cref="AnswerFailures"/>); an unreadable one is also logged.
    /// </summary>
    public static async IAsyncEnumerable<JsonObject> Relay(
        IAsyncEnumerable<JsonObject> chunks, bool includeUsage, IReadOnlyList<string> secrets, UsageMeter meter,
        ILogger logger, string providerId, [EnumeratorCancellation] CancellationToken cancellationToken)
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
                throw new ChatStreamException(Redactor.Redact(e.Message, secrets), e.ReportedByProvider);
            }
            catch (Exception e) when (AnswerFailures.IsBreak(e, cancellationToken))
            {
                throw new ChatStreamException(AnswerFailures.BrokeOff, reportedByProvider: false);
            }
            catch (Exception e) when (AnswerFailures.IsUnreadable(e))
            {
                AnswerFailures.LogUnreadable(logger, e, providerId);
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
