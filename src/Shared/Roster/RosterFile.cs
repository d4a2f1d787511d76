using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace SupportBot.Shared.Roster;

/// <summary>What a learner or tutor row says, once read; the line is the file's, for error messages.</summary>
public sealed record RosterRow(
    int Line, string ExternalId, string? DisplayName, string? Email, RosterRole Role, string? ModuleId,
    string? Cohort, bool Active, string? Locale, string? TimeZone);

public enum RosterRole
{
    Learner,
    Tutor,

    /// <summary>A role SupportBot has no use for (observer, designer, manager, no role): the row changes nothing.</summary>
    None,
}

public sealed record RosterError(int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Message}" : Message;
}

/// <summary>
/// A course platform's participants or enrolments CSV, read as rows: Moodle's participants download
/// and user-upload files, Canvas's enrolments (SIS or provisioning report with user columns). The
/// columns are recognised by their headers in English or French (accents, case and punctuation
/// ignored), the delimiter (comma, semicolon, tab) and a UTF-8 byte-order mark are detected.
/// </summary>
public sealed class RosterFile
{
    private RosterFile(string format, IReadOnlyList<RosterRow> rows, IReadOnlyList<RosterError> errors, bool hasCohorts)
    {
        Format = format;
        Rows = rows;
        Errors = errors;
        HasCohorts = hasCohorts;
    }

    /// <summary>"Moodle participants", "Moodle user upload", "Canvas enrolments" or "CSV".</summary>
    public string Format { get; }

    public IReadOnlyList<RosterRow> Rows { get; }

    public IReadOnlyList<RosterError> Errors { get; }

    /// <summary>Whether the file has a group or section column: without one, cohorts are left as they are.</summary>
    public bool HasCohorts { get; }

    /// <param name="defaultModule">The module of a file that has no course column (Moodle's participants download).</param>
    /// <param name="columns">Explicit mappings, field name to header ("email" = "Adresse électronique"), over detection.</param>
    public static RosterFile Read(Stream stream, string? defaultModule, IReadOnlyDictionary<string, string>? columns = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        // Strict UTF-8: a file saved as Windows-1252 would otherwise import "LÃ©a" without a word.
        using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        string text;
        try
        {
            text = reader.ReadToEnd();
        }
        catch (DecoderFallbackException)
        {
            return Failed("the file is not UTF-8: export it again as \"CSV UTF-8\" (Excel: Save As > CSV UTF-8; Moodle: encoding UTF-8)");
        }

        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
            TrimOptions = TrimOptions.Trim,
            MissingFieldFound = null,
            BadDataFound = null,
            IgnoreBlankLines = true,
        };
        using var csv = new CsvReader(new StringReader(text), config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } headers)
        {
            return Failed("the file is empty: it needs a header line and one line per participant");
        }

        var map = RosterColumns.Detect(headers, columns, out var mappingErrors);
        if (mappingErrors.Count > 0)
        {
            return new RosterFile(RosterColumns.FormatOf(headers), [], mappingErrors, false);
        }

        var rows = new List<RosterRow>();
        var errors = new List<RosterError>();
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            string? Cell(RosterField field) =>
                map.TryGetValue(field, out var indexes)
                    ? indexes.Select(i => csv.TryGetField<string>(i, out var v) ? v?.Trim() : null).FirstOrDefault(v => !string.IsNullOrEmpty(v))
                    : null;

            if (csv.Parser.Record is { } record && record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            errors.AddRange(RosterRowReader.Read(line, Cell, defaultModule, rows));
        }

        return new RosterFile(RosterColumns.FormatOf(headers), rows, errors, map.ContainsKey(RosterField.Cohort));
    }

    /// <summary>Rows read elsewhere (a platform's member list), planned and applied as a file's would be.</summary>
    internal static RosterFile FromRows(string format, IReadOnlyList<RosterRow> rows, IReadOnlyList<RosterError> errors) => new(format, rows, errors, false);

    private static RosterFile Failed(string message) => new("CSV", [], [new RosterError(0, message)], false);
}
