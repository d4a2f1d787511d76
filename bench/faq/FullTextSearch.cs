using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using SupportBot.Shared.Faq;

namespace SupportBot.Bench;

/// <summary>
/// The baseline: one row per entry, its French variants under the 'french' configuration and its English
/// ones under 'english', a GIN index, and ts_rank over the query read with both configurations.
/// </summary>
internal sealed class FullTextSearch : IAsyncDisposable
{
    private static readonly string[] QueryForms =
    [
        // Any word of the question may match (learners' questions hold words no entry has).
        "replace(plainto_tsquery('french', @q)::text, '&', '|')::tsquery || replace(plainto_tsquery('english', @q)::text, '&', '|')::tsquery",
        // Every word must match, in either language.
        "websearch_to_tsquery('french', @q) || websearch_to_tsquery('english', @q)",
    ];

    private static readonly int[] Normalizations = [0, 1, 2, 32];

    private readonly NpgsqlConnection connection;
    private readonly Dictionary<string, NpgsqlCommand> prepared = new(StringComparer.Ordinal);

    private FullTextSearch(NpgsqlConnection connection) => this.connection = connection;

    public string ServerVersion => connection.ServerVersion;

    public static async Task<FullTextSearch> ConnectAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return new FullTextSearch(connection);
    }

    public async Task LoadAsync(IReadOnlyList<KnowledgeEntry> entries)
    {
        foreach (var command in prepared.Values)
        {
            await command.DisposeAsync();
        }

        prepared.Clear();
        connection.UnprepareAll();
        await ExecuteAsync("""
            DROP TABLE IF EXISTS bench_entries;
            CREATE TABLE bench_entries (id text PRIMARY KEY, fr text NOT NULL, en text NOT NULL,
                tsv tsvector GENERATED ALWAYS AS (to_tsvector('french', fr) || to_tsvector('english', en)) STORED)
            """);
        await using (var copy = await connection.BeginBinaryImportAsync("COPY bench_entries (id, fr, en) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var entry in entries)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(entry.Id, NpgsqlDbType.Text);
                await copy.WriteAsync(string.Join("\n", entry.Questions.Fr), NpgsqlDbType.Text);
                await copy.WriteAsync(string.Join("\n", entry.Questions.En), NpgsqlDbType.Text);
            }

            await copy.CompleteAsync();
        }

        await ExecuteAsync("CREATE INDEX bench_entries_tsv ON bench_entries USING gin (tsv); ANALYZE bench_entries");
    }

    /// <summary>The query form, normalisation and abstention threshold that do best on <paramref name="dev"/>.</summary>
    public async Task<Calibration> CalibrateAsync(IReadOnlyList<LabelledQuery> dev)
    {
        var best = new Calibration(0, 0, 0);
        var bestAccuracy = -1.0;
        for (var form = 0; form < QueryForms.Length; form++)
        {
            foreach (var normalization in Normalizations)
            {
                var ranked = new List<(LabelledQuery Query, (string Id, float Rank)? Top)>();
                foreach (var query in dev)
                {
                    ranked.Add((query, await TopAsync(query.Q, new Calibration(form, normalization, 0))));
                }

                // Every top rank seen is a candidate threshold, with 0 (abstain only when nothing matches) and "always abstain".
                foreach (var threshold in ranked.Where(x => x.Top is not null).Select(x => x.Top!.Value.Rank).Append(0f).Append(float.MaxValue).Distinct())
                {
                    var accuracy = ranked.Average(x => IsRight(x.Query, x.Top, threshold) ? 1.0 : 0.0);
                    if (accuracy > bestAccuracy)
                    {
                        (bestAccuracy, best) = (accuracy, new Calibration(form, normalization, threshold));
                    }
                }
            }
        }

        return best;
    }

    public async Task<double> AccuracyAsync(IReadOnlyList<LabelledQuery> queries, Calibration calibration)
    {
        var right = 0;
        foreach (var query in queries)
        {
            right += IsRight(query, await TopAsync(query.Q, calibration), calibration.Threshold) ? 1 : 0;
        }

        return (double)right / queries.Count;
    }

    /// <summary>The best entry and its rank, or null when no entry shares a lexeme with the query.</summary>
    public async Task<(string Id, float Rank)?> TopAsync(string query, Calibration calibration)
    {
        var key = calibration.Form.ToString(CultureInfo.InvariantCulture);
        if (!prepared.TryGetValue(key, out var command))
        {
            command = new NpgsqlCommand($"""
                SELECT id, ts_rank(tsv, query, @normalization) AS rank
                FROM bench_entries, (SELECT {QueryForms[calibration.Form]} AS query) q
                WHERE tsv @@ query
                ORDER BY rank DESC, id
                LIMIT 1
                """, connection);
            command.Parameters.Add(new NpgsqlParameter("q", NpgsqlDbType.Text));
            command.Parameters.Add(new NpgsqlParameter("normalization", NpgsqlDbType.Integer));
            await command.PrepareAsync();
            prepared[key] = command;
        }

        command.Parameters["q"].Value = query;
        command.Parameters["normalization"].Value = calibration.Normalization;
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetString(0), reader.GetFloat(1)) : null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in prepared.Values)
        {
            await command.DisposeAsync();
        }

        await connection.DisposeAsync();
    }

    // Like the matcher's evaluation: an answerable question needs its entry, an out-of-scope one an abstention.
    private static bool IsRight(LabelledQuery query, (string Id, float Rank)? top, float threshold)
    {
        var answer = top is { } t && t.Rank >= threshold ? t.Id : null;
        return answer == query.Id;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>How the baseline reads a query: which query form, which ts_rank normalisation, and the rank below which it abstains.</summary>
internal sealed record Calibration(int Form, int Normalization, float Threshold)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"query form {(Form == 0 ? "OR of the words (plainto_tsquery, & replaced by |)" : "AND of the words (websearch_to_tsquery)")}, normalisation {Normalization}, abstain below rank {Threshold:G4}");
}
