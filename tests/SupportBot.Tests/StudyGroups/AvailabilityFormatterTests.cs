using SupportBot.Shared.StudyGroups;
using SupportBot.Shared.StudyGroups.Availability;

namespace SupportBot.Tests.StudyGroups;

public sealed class AvailabilityFormatterTests
{
    [Theory]
    [InlineData("fr", "Sun 14:00-18:00; Thu 18:00-22:00", "jeudi 18:00–22:00 ; dimanche 14:00–18:00")]
    [InlineData("en", "Mon-Fri 18:00-22:00", "Monday to Friday 18:00–22:00")]
    [InlineData("fr", "Mon,Tue,Thu 20:00-22:00", "lundi, mardi et jeudi 20:00–22:00")]
    [InlineData("fr", "Mon-Sun 18:00-22:00", "tous les jours 18:00–22:00")]
    [InlineData("en", "Sat,Sun 09:00-12:00; Wed 12:00-14:00", "Wednesday 12:00–14:00; Saturday and Sunday 09:00–12:00")]
    [InlineData("fr", "Tue 09:00-12:00, 14:00-17:00; Fri 09:00-12:00, 14:00-17:00", "mardi et vendredi 09:00–12:00, 14:00–17:00")]
    [InlineData("en", "Fri 22:00-24:00; Sat 00:00-02:00", "Friday 22:00–24:00; Saturday 00:00–02:00")]
    [InlineData("fr", "Mon-Wed 18:00-20:00; Thu 18:00-21:00", "du lundi au mercredi 18:00–20:00 ; jeudi 18:00–21:00")]
    public void Slots_are_said_back_grouped_by_shared_hours_week_starting_on_Monday(string language, string slots, string expected) =>
        Assert.Equal(expected, AvailabilityFormatter.Format(AvailabilityParserTests.Slots(slots), language));

    [Fact]
    public void Adjacent_slots_of_a_day_are_said_as_one()
    {
        WeeklySlot[] slots = [new(DayOfWeek.Monday, 540, 600), new(DayOfWeek.Monday, 600, 720), new(DayOfWeek.Monday, 660, 700)];

        Assert.Equal("lundi 09:00–12:00", AvailabilityFormatter.Format(slots, "fr"));
    }

    [Fact]
    public void What_the_parser_reads_is_said_back_in_the_learners_words_order_free_form() =>
        Assert.Equal(
            "du lundi au vendredi 18:00–22:00 ; samedi et dimanche 14:00–18:00",
            AvailabilityFormatter.Format(AvailabilityParser.Parse("le soir en semaine et l'après-midi le week-end", "fr").Slots, "fr"));

    [Fact]
    public void Stored_json_has_only_day_and_minutes_and_reads_back_the_same()
    {
        WeeklySlot[] slots = [new(DayOfWeek.Sunday, 840, 1080), new(DayOfWeek.Thursday, 1080, 1320)];

        var json = WeeklySlotJson.Serialize(slots);

        Assert.Equal("""[{"day":0,"fromMinute":840,"toMinute":1080},{"day":4,"fromMinute":1080,"toMinute":1320}]""", json);
        Assert.Equal(slots, WeeklySlotJson.Deserialize(json));
    }
}
