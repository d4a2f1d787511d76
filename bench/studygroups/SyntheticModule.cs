using SupportBot.Shared.StudyGroups;

namespace SupportBot.Bench.StudyGroups;

/// <summary>
/// A reproducible module of opted-in learners: where distance learners of a French university
/// live (mostly mainland France, some overseas, some in London), when they say they study
/// (weekday evenings, weekend blocks, lunch breaks, late nights; on the half-hour, as people say
/// it), in French or English, wishing for groups of 3 to 6.
/// </summary>
internal static class SyntheticModule
{
    private static readonly (string Zone, int Weight, double English)[] Zones =
    [
        ("Europe/Paris", 55, 0.08),
        ("Europe/London", 10, 0.75),
        ("Indian/Reunion", 11, 0.05),
        ("America/Martinique", 8, 0.05),
        ("America/Cayenne", 7, 0.05),
        ("Pacific/Noumea", 9, 0.05),
    ];

    private static readonly (int Size, int Weight)[] Sizes = [(3, 30), (4, 35), (5, 20), (6, 15)];

    public static List<GroupCandidate> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var learners = new List<GroupCandidate>(count);
        for (var n = 0; n < count; n++)
        {
            var (zone, _, english) = Pick(random, Zones, z => z.Weight);
            var language = random.NextDouble() < english ? "en" : "fr";
            var size = Pick(random, Sizes, s => s.Weight).Size;
            var id = new Guid([.. Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256))]);
            learners.Add(new GroupCandidate(id, language, size, zone, Availability(random)));
        }

        return learners;
    }

    private static List<WeeklySlot> Availability(Random random)
    {
        var slots = new List<WeeklySlot>();
        var habits = 1 + random.Next(3);
        for (var h = 0; h < habits; h++)
        {
            switch (random.Next(10))
            {
                case < 5:
                    // "Weekday evenings" or "Tuesday and Thursday after 18:30".
                    var from = HalfHours(random, 17 * 2, 20 * 2);
                    var to = Math.Min(24 * 60, from + HalfHours(random, 3, 8));
                    foreach (var day in Weekdays(random))
                    {
                        slots.Add(new WeeklySlot(day, from, to));
                    }

                    break;
                case < 8:
                    // "Saturday 9-12", "Sunday afternoon".
                    var weekend = random.Next(2) == 0 ? DayOfWeek.Saturday : DayOfWeek.Sunday;
                    var morning = random.Next(2) == 0;
                    var start = morning ? HalfHours(random, 8 * 2, 10 * 2) : HalfHours(random, 13 * 2, 16 * 2);
                    slots.Add(new WeeklySlot(weekend, start, start + HalfHours(random, 4, 8)));
                    if (random.Next(3) == 0)
                    {
                        slots.Add(new WeeklySlot(weekend == DayOfWeek.Saturday ? DayOfWeek.Sunday : DayOfWeek.Saturday, start, start + HalfHours(random, 4, 8)));
                    }

                    break;
                case 8:
                    // Lunch breaks.
                    foreach (var day in Weekdays(random))
                    {
                        slots.Add(new WeeklySlot(day, 12 * 60, 13 * 60 + 30));
                    }

                    break;
                default:
                    // Late nights, once the children sleep.
                    var night = HalfHours(random, 21 * 2, 22 * 2);
                    foreach (var day in Weekdays(random))
                    {
                        slots.Add(new WeeklySlot(day, night, 24 * 60));
                    }

                    break;
            }
        }

        return slots;
    }

    private static int HalfHours(Random random, int fromHalfHour, int toHalfHour) => 30 * random.Next(fromHalfHour, toHalfHour + 1);

    private static IEnumerable<DayOfWeek> Weekdays(Random random)
    {
        var all = random.Next(4) == 0;
        for (var day = DayOfWeek.Monday; day <= DayOfWeek.Friday; day++)
        {
            if (all || random.Next(5) < 2)
            {
                yield return day;
            }
        }
    }

    private static T Pick<T>(Random random, T[] choices, Func<T, int> weight)
    {
        var roll = random.Next(choices.Sum(weight));
        foreach (var choice in choices)
        {
            roll -= weight(choice);
            if (roll < 0)
            {
                return choice;
            }
        }

        return choices[^1];
    }
}
