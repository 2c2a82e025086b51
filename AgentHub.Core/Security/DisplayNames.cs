using System.Globalization;
using System.Text;

namespace AgentHub.Core.Security;

/// <summary>
/// The one rule for names people tell apart by eye (credential and team names): invisible and
/// text-direction characters are refused, and the rest is compared in Unicode NFKC form, so
/// "Case\u200BName" cannot sit beside "CaseName" and "safe\u202Egnp.exe" cannot pass for "safeexe.png".
/// The validators and the services call these same functions.
/// </summary>
public static class DisplayNames
{
    /// <summary>
    /// Why <paramref name="name"/> cannot be a name, or null when it can: it holds a control
    /// character or a Unicode format character (zero-width spaces and joiners, bidirectional
    /// marks, embeddings, overrides and isolates, soft hyphens, byte-order marks).
    /// </summary>
    /// <param name="label">The field's label, which starts the message.</param>
    /// <param name="name">The name as typed.</param>
    public static string? Problem(string label, string? name)
    {
        if (name is null)
        {
            return null;
        }

        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Format or UnicodeCategory.Control)
            {
                return $"{label} contains an invisible or text-direction character (U+{rune.Value:X4}), which could make it look like another name: type it again by hand.";
            }
        }

        return null;
    }

    /// <summary>The name as stored and shown: NFKC form, trimmed.</summary>
    public static string Normalize(string name) =>
        (name.IsNormalized(NormalizationForm.FormKC) ? name : name.Normalize(NormalizationForm.FormKC)).Trim();

    /// <summary>The form two names are compared in for uniqueness: <see cref="Normalize"/>, then upper case (invariant).</summary>
    public static string Key(string name) => Normalize(name).ToUpperInvariant();
}
