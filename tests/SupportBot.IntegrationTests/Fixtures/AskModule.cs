using Microsoft.Extensions.DependencyInjection;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Fixtures;

/// <summary>The chat-side peer tests' course: module "m-ask" (Module 1 – Plateforme) with one volunteer for technical questions.</summary>
public static class AskModule
{
    public const string Id = "m-ask";

    public static async Task SeedAsync(IServiceProvider services)
    {
        var people = services.GetRequiredService<PeopleStore>();
        await people.UpsertCourseAsync("c-ask", "Cours", CancellationToken.None);
        await people.UpsertModuleAsync(Id, "c-ask", "Module 1 – Plateforme", null, CancellationToken.None);
        var volunteer = await people.UpsertPersonAsync(
            new PersonRecord("volunteer-ask", "Inès Moreau", $"ines.{Guid.NewGuid():N}@example.test", "fr", "Europe/Paris", false), CancellationToken.None);
        await people.EnrolAsync(volunteer, Id, null, CancellationToken.None);
        await people.UpsertVolunteerAsync(volunteer, new VolunteerPreferences(["technical"], 5, null, null), "import", CancellationToken.None);
    }
}
