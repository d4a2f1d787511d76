using System.Reflection;
using System.Security.Claims;
using Dapper;

namespace SupportBot.Bot.Auth;

/// <summary>
/// The one place that says which modules a signed-in tutor may see: the modules they tutor, or
/// every module for an admin. Every tutor query filters with <see cref="Filter"/> and binds
/// <see cref="Parameters"/>, and every change checks <see cref="Allows"/>, for pages and API alike.
/// </summary>
internal sealed class TutorScope
{
    private TutorScope(Guid personId, bool isAdmin, IReadOnlyList<string> moduleIds)
    {
        PersonId = personId;
        IsAdmin = isAdmin;
        ModuleIds = moduleIds;
    }

    public Guid PersonId { get; }

    public bool IsAdmin { get; }

    public IReadOnlyList<string> ModuleIds { get; }

    /// <summary>From the cookie principal; throws for a caller the Tutor policy should have stopped.</summary>
    public static TutorScope From(ClaimsPrincipal user)
    {
        if (!TutorClaims.IsTutorUser(user) || !Guid.TryParse(user.FindFirst(TutorClaims.PersonId)?.Value, out var id))
        {
            throw new InvalidOperationException("TutorScope read from a caller who is not a signed-in tutor.");
        }

        return new TutorScope(id, TutorClaims.IsAdminUser(user), [.. user.FindAll(TutorClaims.Module).Select(c => c.Value).Distinct()]);
    }

    /// <summary>Minimal API binding: handlers take a TutorScope parameter.</summary>
    public static ValueTask<TutorScope?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<TutorScope?>(From(context.User));

    /// <summary>SQL condition restricting <paramref name="moduleColumn"/> to the scope (a null module: admins only).</summary>
    public static string Filter(string moduleColumn) => $"(@scopeAll OR {moduleColumn} = ANY(@scopeModules))";

    /// <summary>The query's own parameters plus the scope's.</summary>
    public DynamicParameters Parameters(object? values = null)
    {
        var p = new DynamicParameters(values);
        p.Add("scopeAll", IsAdmin);
        p.Add("scopeModules", ModuleIds.ToArray());
        return p;
    }

    /// <summary>Whether a row of this module may be read or changed.</summary>
    public bool Allows(string? moduleId) => IsAdmin || (moduleId is not null && ModuleIds.Contains(moduleId));
}
