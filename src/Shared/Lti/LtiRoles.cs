namespace SupportBot.Shared.Lti;

/// <summary>
/// LIS context roles as launches and Names and Role Provisioning give them: full URIs
/// (…/membership#Instructor, …/membership/Instructor#TeachingAssistant) or, deprecated, short
/// names. Learner is a learner; Instructor and TeachingAssistant tutor; anything else (Mentor,
/// ContentDeveloper, Administrator, institution roles) is neither.
/// </summary>
internal static class LtiRoles
{
    public static bool IsLearner(string role) => IsContextRole(role) && NameOf(role) == "Learner";

    public static bool IsTeaching(string role) => IsContextRole(role) && NameOf(role) is "Instructor" or "TeachingAssistant";

    private static string NameOf(string role) => role[(role.LastIndexOf('#') + 1)..];

    private static bool IsContextRole(string role) =>
        role.Contains("/membership", StringComparison.Ordinal) || !role.Contains('/', StringComparison.Ordinal);
}
