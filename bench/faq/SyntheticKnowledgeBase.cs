using SupportBot.Shared.Faq;

namespace SupportBot.Bench;

/// <summary>
/// Grows the demo knowledge base to a given size the way a real one grows: module-specific entries
/// (a subject and a part of the course, from question templates written in both languages), each with
/// reworded variants (learner shorthand, synonyms), on top of the 37 demo entries. Deterministic.
/// </summary>
internal static class SyntheticKnowledgeBase
{
    private static readonly (string Fr, string En)[] Subjects =
    [
        ("statistiques", "statistics"), ("comptabilité", "accounting"), ("droit des contrats", "contract law"), ("algorithmique", "algorithms"),
        ("marketing digital", "digital marketing"), ("gestion de projet", "project management"), ("bases de données", "databases"),
        ("microéconomie", "microeconomics"), ("macroéconomie", "macroeconomics"), ("anglais professionnel", "business English"),
        ("réseaux informatiques", "computer networks"), ("cybersécurité", "cybersecurity"), ("finance d'entreprise", "corporate finance"),
        ("ressources humaines", "human resources"), ("logistique", "logistics"), ("sociologie", "sociology"), ("psychologie", "psychology"),
        ("biologie cellulaire", "cell biology"), ("chimie organique", "organic chemistry"), ("physique quantique", "quantum physics"),
        ("analyse de données", "data analysis"), ("apprentissage automatique", "machine learning"), ("développement web", "web development"),
        ("programmation python", "python programming"), ("géographie", "geography"), ("histoire contemporaine", "modern history"),
        ("philosophie", "philosophy"), ("droit du travail", "employment law"), ("fiscalité", "taxation"), ("audit", "auditing"),
        ("communication", "communication"), ("design graphique", "graphic design"), ("urbanisme", "urban planning"),
        ("énergies renouvelables", "renewable energy"), ("santé publique", "public health"), ("nutrition", "nutrition"),
        ("pédagogie", "teaching methods"), ("entrepreneuriat", "entrepreneurship"), ("éthique", "ethics"), ("linguistique", "linguistics"),
    ];

    private static readonly (string Fr, string En)[] Parts =
    [
        ("introduction", "introduction"), ("chapitre de synthèse", "summary chapter"), ("étude de cas", "case study"), ("partie pratique", "practical part"),
        ("séance de révision", "revision session"), ("atelier", "workshop"), ("projet tutoré", "tutored project"), ("fiche méthode", "method sheet"),
        ("lecture obligatoire", "required reading"), ("travaux dirigés", "tutorial sheet"), ("mise en situation", "role play"), ("glossaire", "glossary"),
        ("bibliographie", "reading list"), ("annexe", "appendix"), ("conférence invitée", "guest lecture"), ("laboratoire", "lab"),
        ("séminaire", "seminar"), ("simulation", "simulation"), ("exposé", "presentation"), ("portfolio", "portfolio"),
        ("mémoire", "dissertation"), ("rapport de stage", "internship report"), ("oral blanc", "mock oral"), ("examen blanc", "mock exam"),
        ("forum thématique", "topic forum"),
    ];

    // {0} is the part, {1} the subject; each template gives two French and two English phrasings.
    private static readonly (string Topic, string[] Fr, string[] En)[] Templates =
    [
        ("content", ["Où trouver le corrigé de l'{0} de {1} ?", "corrigé {0} {1} introuvable"], ["Where is the answer key for the {1} {0}?", "can't find {1} {0} solutions"]),
        ("content", ["Le PDF de l'{0} de {1} ne s'ouvre pas", "lien du poly {0} {1} cassé"], ["The {1} {0} PDF won't open", "broken link to the {1} {0} handout"]),
        ("schedule", ["Quand a lieu la visio de l'{0} de {1} ?", "date classe virtuelle {0} {1}"], ["When is the live session for the {1} {0}?", "{1} {0} webinar date"]),
        ("grades", ["L'{0} de {1} compte-t-il dans la note finale ?", "coefficient {0} {1}"], ["Does the {1} {0} count towards the final grade?", "{1} {0} weighting"]),
        ("assignments", ["Date limite de rendu pour l'{0} de {1}", "deadline devoir {0} {1}"], ["Submission deadline for the {1} {0}", "{1} {0} due date"]),
        ("assignments", ["Quel format de fichier pour l'{0} de {1} ?", "rendre l'{0} de {1} en pdf ou word"], ["Which file format for the {1} {0}?", "submit the {1} {0} as pdf or word"]),
        ("content", ["La vidéo de l'{0} de {1} ne se lance pas", "vidéo {0} {1} écran noir"], ["The {1} {0} video won't play", "{1} {0} video black screen"]),
        ("tutoring", ["Qui contacter pour une question sur l'{0} de {1} ?", "tuteur de l'{0} de {1}"], ["Who do I ask about the {1} {0}?", "tutor for the {1} {0}"]),
        ("content", ["Faut-il avoir fait l'{0} de {1} avant le quiz ?", "prérequis quiz {0} {1}"], ["Do I need the {1} {0} before the quiz?", "{1} {0} quiz prerequisites"]),
        ("grades", ["Grille d'évaluation de l'{0} de {1}", "comment est noté l'{0} de {1}"], ["Marking rubric for the {1} {0}", "how is the {1} {0} graded"]),
        ("schedule", ["L'{0} de {1} est-il enregistré ?", "replay {0} {1}"], ["Is the {1} {0} recorded?", "{1} {0} recording"]),
        ("community", ["Groupe de travail pour l'{0} de {1}", "réviser l'{0} de {1} à plusieurs"], ["Study group for the {1} {0}", "revise the {1} {0} together"]),
    ];

    public static IReadOnlyList<KnowledgeEntry> Grow(IReadOnlyList<KnowledgeEntry> demo, int size)
    {
        var entries = demo.ToList();
        var k = 0;
        while (entries.Count < size)
        {
            // Walk subjects fastest, then templates, then parts, so every size mixes all three.
            var subject = Subjects[k % Subjects.Length];
            var template = Templates[k / Subjects.Length % Templates.Length];
            var part = Parts[k / (Subjects.Length * Templates.Length) % Parts.Length];
            var round = k / (Subjects.Length * Templates.Length * Parts.Length);
            entries.Add(new KnowledgeEntry(
                $"gen-{k}",
                template.Topic,
                new BilingualQuestions(
                    template.Fr.Select(t => Reword(string.Format(System.Globalization.CultureInfo.InvariantCulture, t, part.Fr, subject.Fr), round)).ToList(),
                    template.En.Select(t => Reword(string.Format(System.Globalization.CultureInfo.InvariantCulture, t, part.En, subject.En), round)).ToList()),
                new BilingualAnswer($"Réponse pour {part.Fr} de {subject.Fr}.", $"Answer for the {subject.En} {part.En}.")));
            k++;
        }

        return entries;
    }

    // Past one round of combinations, learner shorthand makes the next round's phrasings differ.
    private static string Reword(string text, int round) => round == 0 ? text : text
        .Replace("vidéo", "video", StringComparison.Ordinal)
        .Replace("classe virtuelle", "visio", StringComparison.Ordinal)
        .Replace("Où trouver", "je cherche", StringComparison.Ordinal)
        .Replace("Where is", "looking for", StringComparison.Ordinal)
        + (round % 2 == 1 ? " svp" : " please");
}
