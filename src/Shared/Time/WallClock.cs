namespace SupportBot.Shared.Time;

/// <summary>Which instant a local time that happens twice (the fall-back hour) stands for.</summary>
public enum DoubledHour
{
    /// <summary>Its first occurrence (summer time): a send happens once, at the earliest.</summary>
    First,

    /// <summary>Its last occurrence (winter time): the end of a period keeps every real minute it names.</summary>
    Last,
}

/// <summary>
/// The one place that turns a local wall-clock time into an instant, with the product's
/// daylight-saving rules, and that resolves a person's time zone id.
/// </summary>
/// <remarks>
/// A local time that does not exist (the spring-forward gap, e.g. 02:30 in Paris on the last Sunday
/// of March) stands for the first instant after the gap (03:00 local): not skipped, and not shifted
/// by the gap's length. A local time that happens twice is resolved by <see cref="DoubledHour"/>.
/// </remarks>
public static class WallClock
{
    /// <summary>The product's default zone, for people whose zone is unknown or not set.</summary>
    public const string DefaultZoneId = "Europe/Paris";

    public static TimeZoneInfo DefaultZone { get; } = TimeZoneInfo.FindSystemTimeZoneById(DefaultZoneId);

    /// <summary>True when <paramref name="zoneId"/> is an IANA (or Windows) id this machine knows.</summary>
    public static bool IsKnownZone(string? zoneId) =>
        !string.IsNullOrWhiteSpace(zoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out _);

    /// <summary>The zone of this id, or <see cref="DefaultZone"/> when it is empty or unknown.</summary>
    public static TimeZoneInfo ZoneOrDefault(string? zoneId) =>
        !string.IsNullOrWhiteSpace(zoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone) ? zone : DefaultZone;

    /// <summary>The UTC instant of a local date and time (its Kind is ignored) in a zone, with the rules above.</summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone, DoubledHour doubled)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Gaps start and end on whole minutes: the first valid minute after it is the gap's end.
            local = new DateTime(local.Ticks - (local.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Unspecified);
            do
            {
                local = local.AddMinutes(1);
            }
            while (zone.IsInvalidTime(local));
        }

        var offset = zone.IsAmbiguousTime(local)
            ? (doubled == DoubledHour.First ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetAmbiguousTimeOffsets(local).Min())
            : zone.GetUtcOffset(local);
        return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
    }
}
