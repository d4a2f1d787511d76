using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SupportBot.Shared.Text;

namespace SupportBot.Shared.StudyGroups.Availability;

internal enum TokenKind
{
    Day,
    Part,
    Time,
    Noon,
    After,
    Before,
    Until,
    From,
    Between,
    Connector,
    And,
    Every,
    Except,
    Vague,
    Other,
}

internal enum Meridiem
{
    None,
    Am,
    Pm,
}

/// <summary>One word or time of an availability phrase. <see cref="Days"/> is a bit mask by <see cref="DayOfWeek"/>.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Days = 0, PartOfDay Part = PartOfDay.Morning, Clock Clock = default);

/// <summary>
/// A time as written. <see cref="Bare"/>: a plain number ("9" in "9-12"), which only counts as an
/// hour inside a range. <see cref="Midnight"/> is 00:00 as a start and 24:00 as an end.
/// </summary>
internal readonly record struct Clock(int Hour, int Minute, Meridiem Meridiem, bool Bare, bool Midnight = false)
{
    /// <summary>Minutes after midnight with am/pm applied; 24:00 stays 1440.</summary>
    public int Minutes => (Meridiem, Hour) switch
    {
        (Meridiem.Pm, < 12) => ((Hour + 12) * 60) + Minute,
        (Meridiem.Am, 12) => Minute,
        _ => (Hour * 60) + Minute,
    };
}

/// <summary>
/// Turns a phrase into tokens: lower case, accents dropped, multi-word phrases of both languages
/// ("à partir de", "week-end", "ça dépend", "every day") folded into one marker word first, so the
/// grammar in <see cref="AvailabilityParser"/> only sees single tokens.
/// </summary>
internal static class AvailabilityTokens
{
    public const int AllDays = 0b111_1111;
    public const int Weekdays = 0b011_1110;
    public const int Weekend = 0b100_0001;

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    // Order matters: vague phrases and "après-midi" before "après"; "pas avant" before "pas".
    private static readonly (Regex Pattern, string Marker)[] Phrases =
    [
        (new(@"\b(ca depend\w*|cela depend\w*|it depends|depends|depend|parfois|sometimes|de temps en temps|de temps a autre|from time to time|variable|ca varie|it varies|varies|n importe quand|anytime|any time|whenever|quand je peux|when i can|je ne sais pas|je sais pas|sais pas|i don t know|i dont know|don t know|dont know|dunno|not sure|pas sur|aucune idee|no idea|peut etre|maybe|irreguli\w*|rarement|rarely|occasionnellement|occasionally|ca change|it changes|flexible)\b", Options, Timeout), " vague "),
        (new(@"\b(apres[\s-]*midis?|aprems?)\b", Options, Timeout), " afternoon "),
        (new(@"\bweek[\s-]*nights?\b", Options, Timeout), " weekdays evening "),
        (new(@"\b(fins? de semaines?|week[\s-]*ends?)\b", Options, Timeout), " weekend "),
        (new(@"\b(tous les jours( de la semaine)?|toute la semaine|chaque jour|every ?day|each day|daily|all week|7 ?(j(ours)? ?)?(sur|/) ?7|7 days a week)\b", Options, Timeout), " alldays "),
        (new(@"\b((en|la|pendant la|dans la) semaine|during the week|in the week|week[\s-]*days?|jours? de (la )?semaine|jours? ouvr\w*|working days?|work ?days?|business days?)\b", Options, Timeout), " weekdays "),
        (new(@"\b(toute la journee|en journee|la journee|dans la journee|all day|the whole day|whole day|during the day|daytime)\b", Options, Timeout), " daytime "),
        (new(@"\b(pause (de )?(midi|dejeuner)|heure du (dejeuner|midi)|lunch ?(time|break)?|dejeuner|at lunch)\b", Options, Timeout), " lunchtime "),
        (new(@"\b(pas avant|not before|a partir de|apres|after|starting (at|from)|later than|des(?=\s*\d))\b", Options, Timeout), " after "),
        (new(@"\b(pas apres|not after|avant|before|earlier than)\b", Options, Timeout), " before "),
        (new(@"\b(jusqu (a|au|vers)|until|till|til|up to)\b", Options, Timeout), " until "),
        (new(@"\b(sauf|excepte|except|excepted|excluding|hors|but not|apart from|not|pas|jamais|never|no|ni)\b", Options, Timeout), " except "),
        (new(@"\b(minuit|midnight)\b", Options, Timeout), " midnight "),
        (new(@"\b(midi|noon|midday)\b", Options, Timeout), " noon "),
    ];

    private static readonly Regex Scanner = new(
        @"(?<colon>\d{1,2}\s*[:.]\s*\d{2}\s*(am|pm)?\b)|(?<h>\d{1,2}\s*h(eures?|rs?)?(?<hm>\d{2})?(?![a-z]))|(?<ampm>\d{1,2}\s*(am|pm)\b)|(?<num>\d+)|(?<word>[a-z]+)|(?<dash>-)|(?<sep>[,;/&+])",
        Options, Timeout);

    private static readonly Dictionary<string, Token> Words = BuildWords();

    public static List<Token> Read(string text)
    {
        var normalised = Normalise(text);
        foreach (var (pattern, marker) in Phrases)
        {
            normalised = pattern.Replace(normalised, marker);
        }

        var tokens = new List<Token>();
        foreach (Match m in Scanner.Matches(normalised))
        {
            tokens.Add(m switch
            {
                _ when m.Groups["colon"].Success => TimeToken(m.Value, bare: false),
                _ when m.Groups["h"].Success => HourToken(m),
                _ when m.Groups["ampm"].Success => TimeToken(m.Value, bare: false),
                _ when m.Groups["num"].Success => NumberToken(m.Value),
                _ when m.Groups["dash"].Success => new Token(TokenKind.Connector, "-"),
                _ when m.Groups["sep"].Success => new Token(TokenKind.And, m.Value),
                _ => WordToken(m.Value),
            });
        }

        return tokens;
    }

    /// <summary>Lower case, accents dropped, apostrophes as spaces, every dash a hyphen: "L’après‑midi" -> "l apres-midi".</summary>
    internal static string Normalise(string text)
    {
        var folded = Accents.Fold(text);
        var sb = new StringBuilder(folded.Length + 2).Append(' ');
        foreach (var ch in folded)
        {
            sb.Append(ch switch
            {
                '\'' or '\u2019' or '\u2018' or '`' or '"' or '\u00ab' or '\u00bb' or '(' or ')' or '!' or '?' => ' ',
                '\u2013' or '\u2014' or '\u2011' or '\u2010' or '\u2212' or '~' => '-',
                '\u00e6' => 'a',
                '\u0153' => 'o',
                _ => ch,
            });
        }

        return sb.Append(' ').ToString().Replace("a.m.", "am", StringComparison.Ordinal).Replace("p.m.", "pm", StringComparison.Ordinal);
    }

    private static Token TimeToken(string text, bool bare)
    {
        var meridiem = text.EndsWith("pm", StringComparison.Ordinal) ? Meridiem.Pm : text.EndsWith("am", StringComparison.Ordinal) ? Meridiem.Am : Meridiem.None;
        var digits = text.TrimEnd('a', 'p', 'm', ' ');
        var parts = digits.Split([':', '.'], StringSplitOptions.TrimEntries);
        var hour = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var minute = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
        return Valid(hour, minute, meridiem) ? new Token(TokenKind.Time, text, Clock: new Clock(hour, minute, meridiem, bare)) : new Token(TokenKind.Other, text);
    }

    private static Token HourToken(Match m)
    {
        var hour = int.Parse(m.Value.AsSpan(0, m.Value.TakeWhile(char.IsDigit).Count()), CultureInfo.InvariantCulture);
        var minute = m.Groups["hm"].Success ? int.Parse(m.Groups["hm"].Value, CultureInfo.InvariantCulture) : 0;
        return Valid(hour, minute, Meridiem.None) ? new Token(TokenKind.Time, m.Value, Clock: new Clock(hour, minute, Meridiem.None, Bare: false)) : new Token(TokenKind.Other, m.Value);
    }

    private static Token NumberToken(string text) =>
        text.Length <= 2 && int.Parse(text, CultureInfo.InvariantCulture) is var hour && hour <= 24
            ? new Token(TokenKind.Time, text, Clock: new Clock(hour, 0, Meridiem.None, Bare: true))
            : new Token(TokenKind.Other, text);

    private static bool Valid(int hour, int minute, Meridiem meridiem) =>
        minute < 60 && (meridiem == Meridiem.None ? hour <= 24 && (hour < 24 || minute == 0) : hour is >= 1 and <= 12);

    private static Token WordToken(string word)
    {
        if (Words.TryGetValue(word, out var known))
        {
            return known with { Text = word };
        }

        // A typo in a long day or part-of-day name ("mecredi", "thursay", "afternon") is one edit away.
        if (word.Length >= 5)
        {
            foreach (var (name, token) in Words)
            {
                if (name.Length >= 5 && token.Kind is TokenKind.Day or TokenKind.Part && IsOneEditAway(word, name))
                {
                    return token with { Text = word };
                }
            }
        }

        return new Token(TokenKind.Other, word);
    }

    /// <summary>Optimal string alignment distance of at most one (insertion, deletion, substitution or swap of neighbours).</summary>
    internal static bool IsOneEditAway(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1 || a == b)
        {
            return a == b;
        }

        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        if (a.Length == b.Length)
        {
            var rest = i + 1;
            return a.AsSpan(rest).SequenceEqual(b.AsSpan(rest))
                || (rest < a.Length && a[i] == b[rest] && a[rest] == b[i] && a.AsSpan(rest + 1).SequenceEqual(b.AsSpan(rest + 1)));
        }

        var (longer, shorter) = a.Length > b.Length ? (a, b) : (b, a);
        return longer.AsSpan(i + 1).SequenceEqual(shorter.AsSpan(i));
    }

    private static Dictionary<string, Token> BuildWords()
    {
        var words = new Dictionary<string, Token>(StringComparer.Ordinal);
        void Add(Token token, params string[] names)
        {
            foreach (var name in names)
            {
                words[name] = token;
            }
        }

        Token Day(DayOfWeek day) => new(TokenKind.Day, "", Days: 1 << (int)day);
        Add(Day(DayOfWeek.Monday), "lundi", "lundis", "lun", "monday", "mondays", "mon");
        Add(Day(DayOfWeek.Tuesday), "mardi", "mardis", "mar", "tuesday", "tuesdays", "tue", "tues");
        Add(Day(DayOfWeek.Wednesday), "mercredi", "mercredis", "mer", "mecredi", "wednesday", "wednesdays", "wed", "weds", "wensday", "wendsday", "wednsday");
        Add(Day(DayOfWeek.Thursday), "jeudi", "jeudis", "jeu", "thursday", "thursdays", "thu", "thur", "thurs", "thurday", "thrusday");
        Add(Day(DayOfWeek.Friday), "vendredi", "vendredis", "ven", "vend", "friday", "fridays", "fri");
        Add(Day(DayOfWeek.Saturday), "samedi", "samedis", "sam", "saturday", "saturdays", "sat", "saterday");
        Add(Day(DayOfWeek.Sunday), "dimanche", "dimanches", "dim", "sunday", "sundays", "sun");
        Add(new Token(TokenKind.Day, "", Days: Weekdays), "weekdays");
        Add(new Token(TokenKind.Day, "", Days: Weekend), "weekend");
        Add(new Token(TokenKind.Day, "", Days: AllDays), "alldays");

        Add(new Token(TokenKind.Part, "", Part: PartOfDay.Morning), "matin", "matins", "matinee", "matinees", "morning", "mornings");
        Add(new Token(TokenKind.Part, "", Part: PartOfDay.Lunchtime), "lunchtime");
        Add(new Token(TokenKind.Part, "", Part: PartOfDay.Afternoon), "afternoon", "afternoons");
        Add(new Token(TokenKind.Part, "", Part: PartOfDay.Evening), "soir", "soirs", "soiree", "soirees", "evening", "evenings");
        Add(new Token(TokenKind.Part, "", Part: PartOfDay.Night), "nuit", "nuits", "night", "nights");
        Add(new Token(TokenKind.Part, "", Part: PartOfDay.Daytime), "daytime");

        Add(new Token(TokenKind.Noon, "", Clock: new Clock(12, 0, Meridiem.None, Bare: false)), "noon");
        Add(new Token(TokenKind.Time, "", Clock: new Clock(0, 0, Meridiem.None, Bare: false, Midnight: true)), "midnight");
        Add(new Token(TokenKind.After, ""), "after");
        Add(new Token(TokenKind.Before, ""), "before");
        Add(new Token(TokenKind.Until, ""), "until");
        Add(new Token(TokenKind.From, ""), "de", "du", "from");
        Add(new Token(TokenKind.Between, ""), "entre", "between");
        Add(new Token(TokenKind.Connector, ""), "a", "au", "aux", "to", "through", "thru");
        Add(new Token(TokenKind.And, ""), "et", "and", "ou", "or", "puis", "then", "also", "aussi", "plus");
        Add(new Token(TokenKind.Every, ""), "tous", "toutes", "chaque", "every", "each");
        Add(new Token(TokenKind.Except, ""), "except");
        Add(new Token(TokenKind.Vague, ""), "vague");
        return words;
    }
}
