using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using SupportBot.Bot.Tutor.Questions;
using SupportBot.Shared.Faq;

namespace SupportBot.Bot.Tutor.Knowledge;

/// <summary>
/// A new knowledge entry, blank or prefilled from a promoted answer (?answer=) or an open cluster of
/// misses (?cluster=). An entry needs both languages: what is prefilled in one is copied into the other
/// and the page says so, so one click then one save is enough and the translation can come later.
/// </summary>
internal sealed class NewModel(KnowledgeQueries queries, QuestionQueries questions, TutorModules modules) : KnowledgeFormModel
{
    [BindProperty, Required, StringLength(100)]
    public string Id { get; set; } = "";

    /// <summary>A module id, or empty for the whole course.</summary>
    [BindProperty]
    public string? Module { get; set; }

    [BindProperty]
    public Guid? FromAnswer { get; set; }

    [BindProperty]
    public long? FromCluster { get; set; }

    public IReadOnlyList<ModuleRow> Modules { get; private set; } = [];

    public string? Prefilled { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? answer, long? cluster, CancellationToken ct)
    {
        if (answer is { } answerId)
        {
            if (await questions.FindAnswerAsync(Scope, answerId, ct) is not { } found)
            {
                return NotFound();
            }

            FromAnswer = answerId;
            Module = found.ModuleId;
            Topic = found.Topic ?? "";
            Id = KnowledgeQueries.SuggestId(found.QuestionText);
            QuestionsFr = QuestionsEn = found.QuestionText;
            AnswerFr = AnswerEn = found.AnswerText;
            Prefilled = T(
                $"Prérempli avec la question de l'apprenant ({found.Language}) et la réponse donnée, recopiées dans les deux langues : traduisez l'autre langue maintenant ou plus tard.",
                $"Prefilled with the learner's question ({found.Language}) and the answer given, copied into both languages: translate the other language now or later.");
        }
        else if (cluster is { } clusterId)
        {
            if (await queries.OpenClusterAsync(clusterId, ct) is not { } found)
            {
                return NotFound();
            }

            FromCluster = clusterId;
            Id = KnowledgeQueries.SuggestId(found.Label);
            QuestionsFr = QuestionsEn = string.Join('\n', found.Queries);
            Prefilled = T(
                $"Prérempli avec les {found.Queries.Length} questions du regroupement ({found.Language}), recopiées dans les deux langues. Écrivez la réponse ; enregistrer ferme le regroupement.",
                $"Prefilled with the cluster's {found.Queries.Length} questions ({found.Language}), copied into both languages. Write the answer; saving closes the cluster.");
        }

        Modules = await modules.ListAsync(Scope, ct);
        Module ??= Modules.Count > 0 ? Modules[0].Id : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var fr = Lines(QuestionsFr);
        var en = Lines(QuestionsEn);
        if (!ModelState.IsValid || fr.Count + en.Count == 0)
        {
            return await RedisplayAsync(T(
                "Il faut un identifiant, un thème, et des formulations avec leur réponse en français, en anglais ou dans les deux.",
                "An id and a topic are needed, and phrasings with their answer in French, English or both."), ct);
        }

        if (HalfWrittenLanguage(fr, en) is { } half)
        {
            return await RedisplayAsync(half, ct);
        }

        var entry = new KnowledgeEntry(Id.Trim(), Topic.Trim(), new BilingualQuestions(fr, en), new BilingualAnswer(AnswerFr?.Trim() ?? "", AnswerEn?.Trim() ?? ""),
            string.IsNullOrWhiteSpace(Module) ? null : Module.Trim(), Keywords: KeywordList(Keywords));
        if (KnowledgeBaseFile.Validate(entry) is { Count: > 0 } errors)
        {
            return await RedisplayAsync(string.Join(" · ", errors), ct);
        }

        return await queries.CreateAsync(Scope, entry, FromAnswer, FromCluster, ct) switch
        {
            NewEntryOutcome.Created => Redirect($"/tutor/knowledge/{Uri.EscapeDataString(entry.Id)}?saved=true"),
            NewEntryOutcome.Forbidden => Forbid(),
            NewEntryOutcome.IdTaken => await RedisplayAsync(T("Cet identifiant est déjà pris : choisissez-en un autre.", "This id is taken: pick another."), ct),
            NewEntryOutcome.AlreadyDone => await RedisplayAsync(T(
                "Cette réponse ou ce regroupement a déjà été traité entre-temps.", "This answer or cluster was dealt with meanwhile."), ct),
            _ => NotFound(),
        };
    }

    private async Task<IActionResult> RedisplayAsync(string error, CancellationToken ct)
    {
        ModelState.AddModelError("", error);
        Modules = await modules.ListAsync(Scope, ct);
        return Page();
    }
}
