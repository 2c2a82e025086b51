namespace AgentHub.Core.Providers;

/// <summary>What is wrong with a credential's values, said at one field.</summary>
/// <param name="FieldKey">The field the message is shown at.</param>
/// <param name="Message">The sentence for the admin; it never quotes a value.</param>
public sealed record FieldProblem(string FieldKey, string Message);
