namespace SupportBot.Shared.Routing;

/// <summary>
/// The topics of questions, volunteers and knowledge entries (the knowledge base's "topic" field),
/// with the words learners, volunteers and tutors read for them. An unknown topic shows as it is.
/// </summary>
public static class Topics
{
    private static readonly Dictionary<string, (string Fr, string En)> Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["account"] = ("Compte et connexion", "Account and sign-in"),
        ["admin"] = ("Administratif", "Administration"),
        ["assessments"] = ("Évaluations", "Assessments"),
        ["assignments"] = ("Devoirs", "Assignments"),
        ["community"] = ("Entraide et communauté", "Community"),
        ["content"] = ("Contenu du cours", "Course content"),
        ["exams"] = ("Examens", "Exams"),
        ["support"] = ("Aide et accompagnement", "Support"),
        ["technical"] = ("Technique", "Technical"),
    };

    public static IReadOnlyCollection<string> Known => Labels.Keys;

    public static string Label(string topic, string language) =>
        Labels.TryGetValue(topic, out var l) ? (language == "en" ? l.En : l.Fr) : topic;
}
