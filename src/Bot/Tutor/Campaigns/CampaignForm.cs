using System.ComponentModel.DataAnnotations;
using SupportBot.Shared.Campaigns;
using SupportBot.Shared.People;

namespace SupportBot.Bot.Tutor.Campaigns;

/// <summary>What the "new campaign" form posts, turned into a <see cref="NewCampaign"/>; the service validates the rest.</summary>
internal sealed class CampaignForm
{
    [Required]
    [StringLength(200)]
    public string Name { get; set; } = "";

    [Required]
    public string ModuleId { get; set; } = "";

    /// <summary>module, cohort, inactive or volunteers.</summary>
    public string Audience { get; set; } = "module";

    public string? Cohort { get; set; }

    public int? InactiveDays { get; set; } = 14;

    [Required]
    public string SubjectFr { get; set; } = "{{ first_name }}, on continue ensemble ?";

    [Required]
    public string BodyFr { get; set; } = "Bonjour {{ first_name }},\n\nVous avancez dans {{ module }} : chaque étape compte. Une question ? Le chat vous répond : {{ links.chat }}";

    [Required]
    public string SubjectEn { get; set; } = "{{ first_name }}, shall we keep going?";

    [Required]
    public string BodyEn { get; set; } = "Hello {{ first_name }},\n\nYou are making progress in {{ module }}: every step counts. A question? The chat answers: {{ links.chat }}";

    /// <summary>chat (in the chat when possible, else by email) or email.</summary>
    public string Channel { get; set; } = "chat";

    /// <summary>now, once, weekly or exam.</summary>
    public string Schedule { get; set; } = "once";

    public DateOnly? Date { get; set; }

    public DayOfWeek? Day { get; set; }

    public DateOnly? Until { get; set; }

    public int DaysBeforeExam { get; set; } = 7;

    public TimeOnly Time { get; set; } = new(18, 0);

    public NewCampaign ToNewCampaign(DateTimeOffset now)
    {
        var kind = Audience switch
        {
            "cohort" => AudienceKind.Cohort,
            "inactive" => AudienceKind.Inactive,
            "volunteers" => AudienceKind.Volunteers,
            _ => AudienceKind.Module,
        };
        var audience = new AudienceFilter(kind, kind == AudienceKind.Volunteers ? null : ModuleId, kind == AudienceKind.Cohort ? Cohort?.Trim() : null,
            kind == AudienceKind.Inactive ? InactiveDays : null);
        var schedule = Schedule switch
        {
            "now" => LocalSchedule.Now(now),
            "weekly" => new LocalSchedule(ScheduleKind.Weekly, Time, Date ?? DateOnly.FromDateTime(now.UtcDateTime), Day, Until: Until),
            "exam" => LocalSchedule.BeforeExam(DaysBeforeExam, Time),
            _ => new LocalSchedule(ScheduleKind.Once, Time, Date),
        };
        return new NewCampaign(Name.Trim(), ModuleId, null, audience, new CampaignMessage(SubjectFr, BodyFr, SubjectEn, BodyEn),
            Channel == "email" ? CampaignChannel.EmailOnly : CampaignChannel.ChatElseEmail, schedule);
    }
}
