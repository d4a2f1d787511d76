using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SupportBot.Bot.Auth;
using SupportBot.Shared.Roster;

namespace SupportBot.Bot.Tutor.Roster;

/// <summary>
/// Admins import the course platform's participants CSV (#20): a preview that changes nothing,
/// then the import of the same file (carried in the form), all or nothing, as the CLI does.
/// </summary>
[Authorize(Policy = TutorClaims.AdminPolicy)]
[RequestSizeLimit(MaxFileBytes + 65_536)]
internal sealed class IndexModel(RosterImport import) : TutorPageModel
{
    private const int MaxFileBytes = 5 * 1024 * 1024;

    [BindProperty]
    public string? Module { get; set; }

    [BindProperty]
    public string? Course { get; set; }

    /// <summary>The previewed file, base64, so "Import" applies exactly what was previewed.</summary>
    [BindProperty]
    public string? FileContent { get; set; }

    public string? FileName { get; set; }

    public RosterImportResult? Result { get; private set; }

    public string? Problem { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Problem = T("Choisissez le fichier CSV exporté de la plateforme.", "Choose the CSV file exported from the platform.");
            return Page();
        }

        if (file.Length > MaxFileBytes)
        {
            Problem = T("Le fichier dépasse 5 Mo.", "The file is over 5 MB.");
            return Page();
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        FileContent = Convert.ToBase64String(buffer.ToArray());
        FileName = file.FileName;
        return await RunAsync(dryRun: true, ct);
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        if (string.IsNullOrEmpty(FileContent))
        {
            Problem = T("Prévisualisez d'abord le fichier.", "Preview the file first.");
            return Page();
        }

        return await RunAsync(dryRun: false, ct);
    }

    private async Task<IActionResult> RunAsync(bool dryRun, CancellationToken ct)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(FileContent!);
        }
        catch (FormatException)
        {
            Problem = T("Le fichier transmis est illisible ; choisissez-le à nouveau.", "The file sent is unreadable; choose it again.");
            return Page();
        }

        await using var stream = new MemoryStream(bytes);
        Result = await import.RunAsync(new RosterImportRequest(stream, Blank(Module), Blank(Course), dryRun), ct);
        if (!Result.Plan.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        return Page();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
