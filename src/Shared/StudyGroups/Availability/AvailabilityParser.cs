namespace SupportBot.Shared.StudyGroups.Availability;

/// <summary>
/// Reads when a learner studies from what they wrote in French or English ("le dimanche
/// après-midi et le jeudi soir après 18h", "weekday evenings", "Saturday 9-12") into weekly slots
/// in their own time zone. Pure. The grammar is a list of groups, each a set of days and a set of
/// times, in either order:
/// <list type="bullet">
/// <item>days: a day name (FR/EN, plural, abbreviated, one typo allowed), "en semaine"/"weekdays",
/// "le week-end"/"weekends", "tous les jours"/"every day", ranges "du lundi au jeudi", "mon-wed";
/// lists joined by "et/and/ou/or/,/;"; "sauf le mercredi"/"except Wednesday" removes days.</item>
/// <item>times: parts of day (<see cref="PartsOfDay"/> for their hours), ranges "9-12", "9h-12h",
/// "17:00-20:30", "de 9h à 11h", "entre 14h et 16h", "2pm to 4pm", bounds "après 18h"/"after 6pm",
/// "avant 10h"/"before 10am" (alone, or moving the edge of a part of day: "le soir jusqu'à 23h").</item>
/// </list>
/// A new day after a group that has both days and times starts a new group. A range across
/// midnight ("22h-1h") becomes two slots. Anything that would need a guess (no day, no time, a
/// single time, "2-4" without am/pm, an end before the start, "sometimes") gives
/// <see cref="AvailabilityReading.Unclear"/> with the question to ask back.
/// </summary>
public static class AvailabilityParser
{
    /// <param name="language">"fr" or "en": the language of the question asked back.</param>
    public static AvailabilityReading Parse(string text, string language)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new AvailabilityQuestions(language == "en");
        var tokens = AvailabilityTokens.Read(text);
        if (tokens.Any(t => t.Kind == TokenKind.Vague))
        {
            return AvailabilityReading.Unclear(words.Varies());
        }

        var reader = new GroupReader(tokens);
        var groups = reader.Read();
        if (reader.Problem is { } problem)
        {
            return AvailabilityReading.Unclear(words.Ask(problem));
        }

        var slots = new List<WeeklySlot>();
        foreach (var group in groups)
        {
            var days = group.Days & ~group.Excluded;
            if (group.Days != 0 && days == 0)
            {
                return AvailabilityReading.Unclear(words.NoDayLeft());
            }

            var ranges = Resolve(group, out var conflict);
            if (conflict is not null)
            {
                return AvailabilityReading.Unclear(words.Ask(conflict));
            }

            if (days == 0 && ranges.Count > 0)
            {
                return AvailabilityReading.Unclear(words.WhichDays(ranges));
            }

            if (days != 0 && ranges.Count == 0)
            {
                return AvailabilityReading.Unclear(words.WhatTime(days));
            }

            foreach (var day in DaysOf(days))
            {
                foreach (var (from, to) in ranges)
                {
                    slots.Add(new WeeklySlot(day, from, Math.Min(to, WeeklySlot.MinutesPerDay)));
                    if (to > WeeklySlot.MinutesPerDay)
                    {
                        slots.Add(new WeeklySlot((DayOfWeek)(((int)day + 1) % 7), 0, to - WeeklySlot.MinutesPerDay));
                    }
                }
            }
        }

        return slots.Count == 0 ? AvailabilityReading.Unclear(words.NothingFound()) : AvailabilityReading.Clear(Normalise(slots));
    }

    /// <summary>Sorted by day (Sunday first) then start, overlapping or touching slots of a day merged.</summary>
    public static IReadOnlyList<WeeklySlot> Normalise(IEnumerable<WeeklySlot> slots)
    {
        var merged = new List<WeeklySlot>();
        foreach (var slot in slots.Where(s => s.IsValid).OrderBy(s => (int)s.Day).ThenBy(s => s.FromMinute))
        {
            if (merged.Count > 0 && merged[^1] is var last && last.Day == slot.Day && slot.FromMinute <= last.ToMinute)
            {
                merged[^1] = last with { ToMinute = Math.Max(last.ToMinute, slot.ToMinute) };
            }
            else
            {
                merged.Add(slot);
            }
        }

        return merged;
    }

    internal static IEnumerable<DayOfWeek> DaysOf(int mask) =>
        Enumerable.Range(0, 7).Where(d => (mask & (1 << d)) != 0).Select(d => (DayOfWeek)d);

    /// <summary>A group's times as (from, to) minutes; to past 1440 runs into the next day.</summary>
    private static List<(int From, int To)> Resolve(Group group, out Problem? conflict)
    {
        conflict = null;
        var ranges = group.Times.OfType<RangeItem>().Select(r => (r.From, r.To)).ToList();
        var parts = group.Times.OfType<PartItem>().Select(p => p.Part).ToList();
        var after = group.Times.OfType<AfterItem>().Select(a => (int?)a.Minute).LastOrDefault();
        var before = group.Times.OfType<BeforeItem>().Select(b => (int?)b.Minute).LastOrDefault();

        if (ranges.Count > 0)
        {
            // Explicit hours win over a part of day, as long as they fall in it ("l'après-midi de 14h à 16h").
            foreach (var range in ranges)
            {
                if (parts.Count > 0 && !parts.Any(p => Overlaps(PartsOfDay.Hours(p), range)))
                {
                    conflict = new Problem.PartVersusRange(parts[0], range.From, range.To);
                    return [];
                }
            }

            return ranges;
        }

        if (parts.Count > 0)
        {
            var windows = parts.Select(PartsOfDay.Hours).ToList();
            var usedAfter = after is null;
            var usedBefore = before is null;

            // A bound moves the edge of the last part it is near: "le soir après 19h", "le soir jusqu'à minuit".
            for (var i = windows.Count - 1; i >= 0; i--)
            {
                var (from, to) = windows[i];
                if (!usedAfter && after is { } a && a >= from - 180 && a < to)
                {
                    from = a;
                    usedAfter = true;
                }

                if (!usedBefore && before is { } b)
                {
                    var end = b <= from && b + WeeklySlot.MinutesPerDay <= to + 180 ? b + WeeklySlot.MinutesPerDay : b;
                    if (end > from && end <= to + 180)
                    {
                        to = end;
                        usedBefore = true;
                    }
                }

                windows[i] = (from, to);
            }

            if (!usedAfter || !usedBefore)
            {
                conflict = new Problem.PartVersusBound(parts[0], usedAfter ? null : after, usedBefore ? null : before);
                return [];
            }

            return windows;
        }

        switch (after, before)
        {
            case ({ } a, { } b) when a < b:
                return [(a, b)];
            case ({ } a, { } b):
                conflict = new Problem.EndBeforeStart(a, b);
                return [];
            case ({ } a, null):
                return a < WeeklySlot.MinutesPerDay ? [(a, WeeklySlot.MinutesPerDay)] : [];
            case (null, { } b) when b > PartsOfDay.EarliestStart:
                return [(PartsOfDay.EarliestStart, b)];
            case (null, { } b):
                conflict = new Problem.EndBeforeStart(PartsOfDay.EarliestStart, b);
                return [];
            default:
                return [];
        }
    }

    private static bool Overlaps((int From, int To) a, (int From, int To) b) => a.From < b.To && b.From < a.To;

    internal sealed class Group
    {
        public int Days { get; set; }

        public int Excluded { get; set; }

        public List<TimeItem> Times { get; } = [];

        /// <summary>The group was started by a time ("le soir, en semaine").</summary>
        public bool TimesFirst { get; set; }
    }

    internal abstract record TimeItem;

    internal sealed record RangeItem(int From, int To) : TimeItem;

    internal sealed record PartItem(PartOfDay Part) : TimeItem;

    internal sealed record AfterItem(int Minute) : TimeItem;

    internal sealed record BeforeItem(int Minute) : TimeItem;

    /// <summary>Why a phrase needs a question back.</summary>
    internal abstract record Problem
    {
        public sealed record SingleTime(int Minute) : Problem;

        public sealed record AmOrPm(int From, int To) : Problem;

        public sealed record MaybeAfternoon(int From, int To) : Problem;

        public sealed record EndBeforeStart(int From, int To) : Problem;

        public sealed record PartVersusRange(PartOfDay Part, int From, int To) : Problem;

        public sealed record PartVersusBound(PartOfDay Part, int? After, int? Before) : Problem;
    }

    /// <summary>Reads tokens left to right into groups; stops at the first thing that needs a question.</summary>
    private sealed class GroupReader(List<Token> tokens)
    {
        private readonly List<Group> groups = [];
        private Group group = new();
        private int i;
        private bool excluding;
        private bool every;
        private bool lastWasDay;

        public Problem? Problem { get; private set; }

        public List<Group> Read()
        {
            groups.Add(group);
            while (i < tokens.Count && Problem is null)
            {
                var t = tokens[i];
                switch (t.Kind)
                {
                    case TokenKind.Day:
                        ReadDays();
                        break;
                    case TokenKind.From when At(i + 1, TokenKind.Day):
                        i++;
                        break;
                    case TokenKind.Part:
                        AddTime(new PartItem(t.Part));
                        i++;
                        break;
                    case TokenKind.Noon when !StartsRange(i):
                        AddTime(new PartItem(PartOfDay.Lunchtime));
                        i++;
                        break;
                    case TokenKind.Time or TokenKind.Noon or TokenKind.From or TokenKind.Between or TokenKind.After or TokenKind.Before or TokenKind.Until:
                        ReadTime();
                        break;
                    case TokenKind.Every:
                        every = true;
                        i++;
                        break;
                    case TokenKind.Except:
                        excluding = true;
                        i++;
                        break;
                    default:
                        i++;
                        break;
                }
            }

            return groups;
        }

        private bool At(int index, TokenKind kind) => index < tokens.Count && tokens[index].Kind == kind;

        private bool IsClock(int index) => index < tokens.Count && tokens[index].Kind is TokenKind.Time or TokenKind.Noon;

        private bool IsRangeLink(int index) => index < tokens.Count && tokens[index].Kind is TokenKind.Connector or TokenKind.Until;

        /// <summary>A time followed by "-", "à", "to" or "until" and another time.</summary>
        private bool StartsRange(int index) => IsClock(index) && IsRangeLink(index + 1) && IsClock(index + 2);

        private void ReadDays()
        {
            var days = tokens[i].Days;
            i++;
            if (IsSingleDay(days) && IsRangeLink(i) && At(i + 1, TokenKind.Day) && IsSingleDay(tokens[i + 1].Days))
            {
                days = DayRange(days, tokens[i + 1].Days);
                i += 2;
            }

            if (excluding)
            {
                group.Excluded |= days;
                return;
            }

            if (group.Days != 0 && group.Times.Count > 0 && !lastWasDay)
            {
                NewGroup();
            }

            group.Days |= days;
            every = false;
            lastWasDay = true;
        }

        private void AddTime(TimeItem item)
        {
            excluding = false;
            if (group.Days != 0 && group.Times.Count > 0 && group.TimesFirst && lastWasDay)
            {
                NewGroup();
            }

            if (group.Days == 0 && group.Times.Count == 0)
            {
                group.TimesFirst = true;
            }

            if (every && group.Days == 0)
            {
                group.Days = AvailabilityTokens.AllDays;
            }

            every = false;
            group.Times.Add(item);
            lastWasDay = false;
        }

        private void NewGroup()
        {
            group = new Group();
            groups.Add(group);
        }

        private void ReadTime()
        {
            var t = tokens[i];
            switch (t.Kind)
            {
                case TokenKind.Between or TokenKind.From when IsClock(i + 1):
                    i++;
                    var start = tokens[i++].Clock;
                    var link = t.Kind == TokenKind.Between ? At(i, TokenKind.And) || IsRangeLink(i) : IsRangeLink(i);
                    if (link && IsClock(i + 1))
                    {
                        AddRange(start, tokens[i + 1].Clock);
                        i += 2;
                    }
                    else if (start.Bare && t.Kind == TokenKind.Between)
                    {
                        Problem = new Problem.SingleTime(start.Hour * 60);
                    }
                    else
                    {
                        AddTime(new AfterItem(StartMinutes(start)));
                    }

                    break;
                case TokenKind.After when IsClock(i + 1):
                    AddTime(new AfterItem(StartMinutes(tokens[i + 1].Clock)));
                    i += 2;
                    break;
                case TokenKind.Before or TokenKind.Until when IsClock(i + 1):
                    AddTime(new BeforeItem(EndMinutes(tokens[i + 1].Clock)));
                    i += 2;
                    break;
                case TokenKind.Time or TokenKind.Noon when StartsRange(i):
                    AddRange(t.Clock, tokens[i + 2].Clock);
                    i += 3;
                    break;
                case TokenKind.Time when !t.Clock.Bare:
                    // "jeudi 18h": a start without an end is a guess either way.
                    Problem = new Problem.SingleTime(t.Clock.Minutes);
                    break;
                default:
                    // A plain number outside a range ("3 fois par semaine") is not a time.
                    i++;
                    break;
            }
        }

        private void AddRange(Clock a, Clock b)
        {
            var from = StartMinutes(a);
            var to = EndMinutes(b);

            // "2-4pm": the pm of the end carries to the start; "2pm-4": to the end.
            if (a.Meridiem == Meridiem.None && b.Meridiem == Meridiem.Pm && a.Hour < 12 && from + 720 < to)
            {
                from += 720;
            }

            if (b.Meridiem == Meridiem.None && a.Meridiem != Meridiem.None && b.Hour < 12 && !b.Midnight && to <= from && to + 720 > from)
            {
                to += 720;
            }

            if (a.Bare && b.Bare)
            {
                if (from < to && a.Hour is >= 1 and <= 7 && b.Hour <= 12)
                {
                    Problem = new Problem.AmOrPm(from, to);
                    return;
                }

                if (to < from && b.Hour < 12 && to + 720 > from && !(from >= 18 * 60 && to <= 6 * 60))
                {
                    Problem = new Problem.MaybeAfternoon(from, to + 720);
                    return;
                }
            }

            if (to == from)
            {
                Problem = new Problem.EndBeforeStart(from, to);
                return;
            }

            if (to < from)
            {
                // Across midnight only from the evening into the small hours ("22h-2h"); "14h-12h" is a slip.
                if (from >= 18 * 60 && to <= 6 * 60)
                {
                    to += WeeklySlot.MinutesPerDay;
                }
                else
                {
                    Problem = new Problem.EndBeforeStart(from, to);
                    return;
                }
            }

            AddTime(new RangeItem(from, to));
        }

        private static int StartMinutes(Clock c) => c.Midnight || c.Minutes == WeeklySlot.MinutesPerDay ? 0 : c.Minutes;

        private static int EndMinutes(Clock c) => c.Midnight || c.Minutes == 0 ? WeeklySlot.MinutesPerDay : c.Minutes;

        private static bool IsSingleDay(int mask) => mask != 0 && (mask & (mask - 1)) == 0;

        /// <summary>"du vendredi au lundi" wraps over the weekend.</summary>
        private static int DayRange(int first, int last)
        {
            var from = System.Numerics.BitOperations.TrailingZeroCount(first);
            var to = System.Numerics.BitOperations.TrailingZeroCount(last);
            var mask = 0;
            for (var d = from; ; d = (d + 1) % 7)
            {
                mask |= 1 << d;
                if (d == to)
                {
                    return mask;
                }
            }
        }
    }
}
