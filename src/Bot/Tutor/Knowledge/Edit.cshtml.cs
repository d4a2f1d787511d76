using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using SupportBot.Shared.Faq;

namespace SupportBot.Bot.Tutor.Knowledge;

internal sealed class EditModel(KnowledgeQueries queries) : KnowledgeFormModel
{
    public KnowledgeEntry Entry { get; private set; } = null!;

    public bool MayEdit { get; private set; }

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, bool saved, CancellationToken ct)
    {
        if (await queries.FindAsync(Scope, id, ct) is not { } entry)
        {
            return NotFound();
        }

        Entry = entry;
        MayEdit = KnowledgeQueries.MayEdit(Scope, entry);
        Saved = saved;
        Topic = entry.Topic;
        QuestionsFr = string.Join('\n', entry.Questions.Fr);
        QuestionsEn = string.Join('\n', entry.Questions.En);
        AnswerFr = entry.Answer.Fr;
        AnswerEn = entry.Answer.En;
        Keywords = string.Join(", ", entry.KeywordList);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (await queries.FindAsync(Scope, id, ct) is not { } entry)
        {
            return NotFound();
        }

        IActionResult Refused(string why)
        {
            ModelState.AddModelError("", why);
            Entry = entry;
            MayEdit = KnowledgeQueries.MayEdit(Scope, entry);
            return Page();
        }

        var fr = Lines(QuestionsFr);
        var en = Lines(QuestionsEn);
        if (!ModelState.IsValid || fr.Count + en.Count == 0)
        {
            return Refused(T("Il faut un thème, et des formulations avec leur réponse en français, en anglais ou dans les deux.", "A topic is needed, and phrasings with their answer in French, English or both."));
        }

        if (HalfWrittenLanguage(fr, en) is { } half)
        {
            return Refused(half);
        }

        var changed = entry with
        {
            Topic = Topic.Trim(), Questions = new BilingualQuestions(fr, en), Answer = new BilingualAnswer(AnswerFr?.Trim() ?? "", AnswerEn?.Trim() ?? ""), Keywords = KeywordList(Keywords),
        };
        if (KnowledgeBaseFile.Validate(changed) is { Count: > 0 } errors)
        {
            return Refused(string.Join(" · ", errors));
        }

        return await queries.SaveAsync(Scope, changed, ct) ? Redirect($"/tutor/knowledge/{Uri.EscapeDataString(id)}?saved=true") : Forbid();
    }
}
