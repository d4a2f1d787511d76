using System.Globalization;
using System.Text;

namespace SupportBot.Shared.Text;

/// <summary>
/// The one way text is compared as people type it: lower case, accents dropped, ß as ss, so
/// "Évaluation", "evaluation" and "ÉVALUATION" are one word. Each caller then keeps or maps the
/// characters its own grammar needs (punctuation, dashes, apostrophes).
/// </summary>
public static class Accents
{
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.ToLowerInvariant().Replace("ß", "ss", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c);
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }
}
