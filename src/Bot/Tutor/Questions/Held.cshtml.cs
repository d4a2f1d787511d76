using Microsoft.AspNetCore.Mvc;
using SupportBot.Shared.Email.Incoming;
using SupportBot.Shared.Routing;

namespace SupportBot.Bot.Tutor.Questions;

/// <summary>Replies by email from someone a question was not sent to: the tutor relays them to the learner or discards them.</summary>
internal sealed class HeldModel(TutorAnswers answers, InboxQuarantine quarantine) : TutorPageModel
{
    private static readonly TutorList<HeldReply> Sorting = new("", "held", defaultDescending: false,
        [("held", r => r.HeldAt), ("from", r => r.FromAddress)], descendingFirst: []);

    /// <summary>Oldest first: the learner who has waited longest comes first.</summary>
    public ListPage<HeldReply> Replies { get; private set; } = null!;

    /// <summary>Mail the inbox reader gave up on after repeated failures, with the reason: a person reads it in the mailbox.</summary>
    public IReadOnlyList<QuarantinedMail> Quarantined { get; private set; } = [];

    public string? Notice { get; private set; }

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Replies = Sorting.Page(await answers.HeldAsync(Scope, ct), Request.Query, Culture);
        Quarantined = await quarantine.ListAsync(50, ct);
        Notice = done switch
        {
            "relayed" => T("La réponse part vers l'apprenant.", "The reply is on its way to the learner."),
            "discarded" => T("La réponse est écartée.", "The reply is discarded."),
            _ => null,
        };
    }

    public async Task<IActionResult> OnPostRelayAsync(Guid id, CancellationToken ct) =>
        await answers.RelayHeldAsync(Scope, id, ct) ? Redirect("/tutor/questions/held?done=relayed") : NotFound();

    public async Task<IActionResult> OnPostDiscardAsync(Guid id, CancellationToken ct) =>
        await answers.DiscardHeldAsync(Scope, id, ct) ? Redirect("/tutor/questions/held?done=discarded") : NotFound();
}
