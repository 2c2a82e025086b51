using System.Collections;
using System.Reflection;

namespace AgentHub.Tests.Support;

/// <summary>Prints a component's own fields (and what they hold, a few levels deep) to look for secrets in its state.</summary>
public static class ComponentState
{
    public static string Dump(object component)
    {
        var text = new StringBuilder();
        Append(component, text, depth: 0, new HashSet<object>(ReferenceEqualityComparer.Instance));
        return text.ToString();
    }

    private static void Append(object? value, StringBuilder text, int depth, HashSet<object> seen)
    {
        if (value is null || depth > 4)
        {
            return;
        }

        if (value is string or ValueType)
        {
            text.Append(value).Append('|');
            return;
        }

        if (!seen.Add(value) || value.GetType().Namespace?.StartsWith("Microsoft", StringComparison.Ordinal) == true
            || value.GetType().Namespace?.StartsWith("MudBlazor", StringComparison.Ordinal) == true || value is Delegate)
        {
            return;
        }

        if (value is IEnumerable items)
        {
            foreach (var item in items)
            {
                Append(item, text, depth + 1, seen);
            }

            return;
        }

        for (var type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                Append(field.GetValue(value), text, depth + 1, seen);
            }
        }
    }
}
