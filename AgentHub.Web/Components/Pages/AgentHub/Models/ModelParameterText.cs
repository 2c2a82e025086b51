using System.Globalization;

namespace AgentHub.Web.Components.Pages.AgentHub.Models;

/// <summary>The Models tab's words for a model's parameters.</summary>
public static class ModelParameterText
{
    /// <summary>"temperature 0.7 · max tokens 512 · +2 more", or "Provider defaults".</summary>
    public static string Summarize(ModelParameters parameters)
    {
        var parts = new List<string>();
        if (parameters.Temperature is { } t)
        {
            parts.Add("temperature " + t.ToString(CultureInfo.InvariantCulture));
        }

        if (parameters.MaxTokens is { } max)
        {
            parts.Add("max tokens " + max.ToString(CultureInfo.InvariantCulture));
        }

        if (parameters.TopP is { } p)
        {
            parts.Add("top P " + p.ToString(CultureInfo.InvariantCulture));
        }

        if (parameters.AdditionalCount > 0)
        {
            parts.Add($"+{parameters.AdditionalCount} more");
        }

        return parts.Count == 0 ? "Provider defaults" : string.Join(" · ", parts);
    }
}
