using System.Text.Json;

namespace SupportBot.Shared.StudyGroups;

/// <summary>
/// The stored form of weekly slots (<c>study_availability.slots</c>):
/// <c>[{"day":0,"fromMinute":840,"toMinute":1080}]</c>, day 0 = Sunday, nothing else.
/// </summary>
public static class WeeklySlotJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize(IEnumerable<WeeklySlot> slots) =>
        JsonSerializer.Serialize(slots.Select(s => new Stored((int)s.Day, s.FromMinute, s.ToMinute)), Options);

    public static IReadOnlyList<WeeklySlot> Deserialize(string json) =>
        (JsonSerializer.Deserialize<List<Stored>>(json, Options) ?? [])
            .Select(s => new WeeklySlot((DayOfWeek)s.Day, s.FromMinute, s.ToMinute))
            .ToList();

    private sealed record Stored(int Day, int FromMinute, int ToMinute);
}
