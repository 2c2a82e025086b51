using System.Text.RegularExpressions;

namespace AgentHub.Core.Providers.Vertex;

/// <summary>
/// Vertex AI's own rules on its credential's values, attached to its schema in
/// <see cref="ProviderCatalog"/>: the generic validator asks the schema, never the provider's id.
/// </summary>
public static class VertexFieldRules
{
    /// <summary>A service-account key's content: what is wrong with it after the field's label, or null.</summary>
    public static string? CheckKey(string value) => ServiceAccountKey.TryParse(value, out _, out var problem) ? null : problem;

    /// <summary>
    /// A Vertex AI key's <c>project_id</c> is sent as a header when Project is blank, so then it
    /// follows Project's rule. Null when it does, when Project is given or when there is no key to read.
    /// </summary>
    public static FieldProblem? CheckKeyProject(ProviderSchema schema, Func<string, string?> value)
    {
        if (schema.Field(FieldKeys.Project) is not { Format: { } format }
            || !string.IsNullOrWhiteSpace(value(FieldKeys.Project))
            || value(FieldKeys.ServiceAccountKey) is not { } json
            || !ServiceAccountKey.TryParse(json, out var key, out _))
        {
            return null;
        }

        return Regex.IsMatch(key!.ProjectId, format.Pattern, RegexOptions.None, TimeSpan.FromSeconds(1))
            ? null
            : new(FieldKeys.ServiceAccountKey,
                "Service Account Key (JSON) has a \"project_id\" that is not a Google Cloud project ID (6–30 lowercase letters, digits and hyphens): fill in Project with the project to call, or download a new key.");
    }
}
