using System.Text.Json;

namespace SupportBot.Shared.People;

/// <summary>The shape of demo/people.json: a course, its modules, and people with their roles.</summary>
public sealed record DemoPeopleFile(DemoCourse Course, IReadOnlyList<DemoModule> Modules, IReadOnlyList<DemoPerson> People)
{
    public static DemoPeopleFile Load(string path) =>
        JsonSerializer.Deserialize<DemoPeopleFile>(File.ReadAllText(path), JsonSerializerOptions.Web)
        ?? throw new InvalidDataException($"{path}: empty file");

    /// <summary>Writes everything through the store; running it twice changes nothing.</summary>
    public async Task<int> SeedAsync(PeopleStore store, CancellationToken ct)
    {
        await store.UpsertCourseAsync(Course.Id, Course.Title, ct);
        foreach (var module in Modules)
        {
            await store.UpsertModuleAsync(module.Id, Course.Id, module.Title, module.ExamDate, ct);
            await store.SetModuleKeywordsAsync(module.Id, module.Keywords ?? [], ct);
        }

        foreach (var p in People)
        {
            var id = await store.UpsertPersonAsync(new PersonRecord(p.Id, p.Name, p.Email, p.Locale, p.TimeZone, p.Admin), ct);
            foreach (var module in p.Modules ?? [])
            {
                await store.EnrolAsync(id, module, p.Cohort, ct);
            }

            foreach (var module in p.AlumniOf ?? [])
            {
                await store.AddAlumnusAsync(id, module, ct);
            }

            foreach (var module in p.Tutors ?? [])
            {
                await store.AddTutorAsync(id, module, ct);
            }

            if (p.Volunteer is { } v)
            {
                await store.UpsertVolunteerAsync(id, new VolunteerPreferences(v.Topics, v.MaxPerWeek, v.QuietFrom, v.QuietUntil), "import", ct);
            }
        }

        return People.Count;
    }
}

public sealed record DemoCourse(string Id, string Title);

/// <param name="Keywords">Words learners use for the module without naming it (#14).</param>
public sealed record DemoModule(string Id, string Title, DateOnly? ExamDate, string[]? Keywords = null);

public sealed record DemoPerson(
    string Id, string Name, string Email, string Locale, string TimeZone, bool Admin,
    string[]? Modules, string? Cohort, string[]? Tutors, DemoVolunteer? Volunteer, string[]? AlumniOf = null);

public sealed record DemoVolunteer(string[] Topics, int MaxPerWeek, TimeOnly? QuietFrom, TimeOnly? QuietUntil);
