using System.Collections.Frozen;

namespace SupportBot.Shared.Faq;

/// <summary>
/// Learner shorthand and synonyms, French and English together: every form of a row becomes one
/// concept term ("#password"), so "mdp", "mot de passe" and "password" match each other whatever the
/// language of the entry. Forms are written as people type them; they go through the same analysis as
/// the text (folding, stemming), so one inflection covers the others. A form marked "fr:" or "en:" only
/// applies to that language's reading of the text, for words that mean something else in the other
/// ("report" is a postponement in French, a document in English).
/// </summary>
internal static class LearnerSynonyms
{
    public const string ConceptPrefix = "#";

    private static readonly (string Concept, string[] Forms)[] Table =
    [
        ("password", ["mdp", "mot de passe", "mots de passe", "password", "passwords", "passwd", "pwd"]),
        ("login", ["login", "logins", "log in", "logged in", "log on", "logon", "sign in", "signed in", "signin", "se connecter", "connecter", "connecte", "connexion", "connection", "co", "identifiant", "identifiants", "username", "credentials"]),
        ("disconnect", ["deconnecte", "deconnectee", "deconnexion", "deconnecter", "disconnected", "disconnect", "disconnection", "logged out", "log out", "kicked out", "signed out", "session expiree", "session expired", "coupe", "coupee", "coupure", "perte de connexion", "lost connection", "connection dropped"]),
        ("offline", ["hors connexion", "hors ligne", "sans connexion", "sans internet", "sans wifi", "sans reseau", "offline", "off line", "without internet", "no internet", "without connection"]),
        ("internet", ["internet", "wifi", "wi fi", "reseau", "network"]),
        ("problem", ["pb", "pbs", "pbm", "prob", "probs", "probleme", "problemes", "problem", "problems", "issue", "issues", "souci", "soucis", "trouble", "difficulte", "difficultes", "difficulty"]),
        ("crash", ["plante", "planter", "plantage", "crash", "crashes", "crashed", "crashing", "freeze", "freezes", "frozen", "fige", "bug", "bugs", "beug", "bugue", "buggy"]),
        ("error", ["erreur", "erreurs", "error", "errors", "echoue", "echouer", "echec", "fail", "fails", "failed", "failure", "failing", "refuse", "refusee", "rejete", "rejected", "rejects"]),
        ("works", ["marche", "marcher", "marchent", "fonctionne", "fonctionner", "fonctionnent", "works", "not working", "doesn't work", "don't work", "won't work", "isn't working", "stopped working", "broken", "casse", "hs"]),
        ("start", ["lance", "lancer", "demarre", "demarrer", "start", "starts", "play", "plays", "playing", "launch", "load", "loads", "loading", "charge", "charger", "chargement"]),
        ("videoconference", ["visio", "visios", "visioconference", "visio conference", "video conference", "videoconference", "webinar", "webinars", "webinaire", "webinaires", "classe virtuelle", "classes virtuelles", "virtual class", "virtual classes", "virtual classroom", "live session", "live sessions", "session live", "live class", "live classes", "cours en direct", "en direct", "zoom", "video session", "video call"]),
        ("microphone", ["micro", "micros", "mic", "mics", "microphone", "microphones", "casque", "headset"]),
        ("audio", ["audio", "sound", "hear", "heard", "entendre", "entend", "entends", "entendu", "volume"]),
        ("email", ["mail", "mails", "email", "emails", "e mail", "e mails", "courriel", "courriels", "mel"]),
        ("download", ["dl", "telecharger", "telecharge", "telechargement", "telechargements", "download", "downloads", "downloaded", "downloading"]),
        ("file", ["fichier", "fichiers", "file", "files", "pj", "piece jointe", "pieces jointes", "attachment", "attachments"]),
        ("exercise", ["exo", "exos", "exercice", "exercices", "exercise", "exercises", "td", "tp"]),
        ("exam", ["examen", "examens", "exam", "exams", "examination", "partiel", "partiels", "midterm", "midterms", "mid term", "epreuve", "epreuves", "fr:cc", "controle continu", "continuous assessment"]),
        ("quiz", ["quiz", "quizz", "quizzes", "qcm", "multiple choice", "questionnaire", "questionnaires"]),
        ("assignment", ["devoir", "devoirs", "assignment", "assignments", "homework", "dm", "devoir maison", "copie", "copies", "travail a rendre"]),
        ("submit", ["rendre", "rendu", "remettre", "remise", "soumettre", "soumission", "deposer", "depose", "depot", "depots", "submit", "submits", "submitted", "submitting", "submission", "submissions", "hand in", "handed in", "turn in", "upload", "uploads", "uploaded", "uploading", "uploader", "televerser", "televersement", "fr:envoyer", "fr:envoie", "fr:envoi", "fr:envoye"]),
        ("deadline", ["deadline", "deadlines", "date limite", "dates limites", "due date", "due dates", "date de remise", "date de rendu", "echeance", "echeances", "heure limite", "cutoff", "cut off"]),
        ("extension", ["delai", "delais", "fr:report", "fr:reporter", "prolongation", "prolonger", "extension", "extensions", "extend", "postpone", "more time", "extra time", "plus de temps", "temps supplementaire", "retard", "en retard", "plus tard", "late", "later"]),
        ("timezone", ["fuseau horaire", "fuseaux horaires", "fuseau", "time zone", "time zones", "timezone", "timezones", "heure locale", "local time", "decalage horaire", "time difference", "utc", "gmt", "heure de paris", "paris time", "heure francaise", "french time"]),
        ("hour", ["heure", "heures", "hour", "hours"]),
        ("close", ["ferme", "fermer", "fermee", "fermeture", "cloture", "close", "closes", "closed", "closing"]),
        ("lost", ["perdu", "perdue", "perdus", "perdues", "perdre", "lost", "lose", "losing", "disparu", "disparue", "disparues", "disappeared", "vanished"]),
        ("answer", ["reponse", "reponses", "answer", "answers"]),
        ("answerkey", ["corrige", "corriges", "correction", "corrections", "answer key", "answer keys", "solution", "solutions", "model answer", "model answers"]),
        ("material", ["poly", "polys", "polycopie", "polycopies", "support de cours", "supports de cours", "notes de cours", "handout", "handouts", "slides", "slide", "diapo", "diapos", "diaporama", "course material", "course materials", "lecture notes", "ressources", "ressource", "resources", "resource"]),
        ("link", ["lien", "liens", "link", "links", "url", "urls"]),
        ("subtitles", ["sous titres", "sous titre", "sous titrage", "sous titree", "subtitle", "subtitles", "subtitled", "caption", "captions", "captioned", "closed captions", "transcription", "transcriptions", "transcript", "transcripts"]),
        ("blankscreen", ["ecran noir", "ecran blanc", "black screen", "blank screen", "white screen", "noir", "noire", "black", "blank"]),
        ("recording", ["enregistrement", "enregistrements", "enregistre", "enregistree", "enregistrees", "enregistrer", "recording", "recordings", "recorded", "record", "replay", "replays", "rediffusion", "en differe", "rewatch", "revoir", "watch again"]),
        ("missed", ["rate", "ratee", "rater", "manque", "manquee", "manquer", "loupe", "louper", "missed", "miss", "absent", "absente", "absence"]),
        ("team", ["equipe", "equipes", "team", "teams", "microsoft teams", "ms teams"]),
        ("channel", ["canal", "canaux", "channel", "channels"]),
        ("access", ["acces", "acceder", "access", "accessing", "rejoindre", "rejoins", "join", "joining", "joined"]),
        ("forum", ["forum", "forums", "fil de discussion", "thread", "threads", "discussion", "discussions"]),
        ("notification", ["notification", "notifications", "notif", "notifs", "alerte", "alertes", "alert", "alerts"]),
        ("receive", ["recevoir", "recois", "recoit", "recu", "recue", "recus", "receive", "receives", "received", "receiving"]),
        ("learner", ["apprenant", "apprenants", "apprenante", "apprenantes", "etudiant", "etudiants", "etudiante", "etudiantes", "eleve", "eleves", "learner", "learners", "student", "students", "classmate", "classmates", "camarade", "camarades", "peer", "peers", "buddy", "buddies", "binome", "binomes"]),
        ("cohort", ["promotion", "promo", "promos", "cohorte", "cohortes", "cohort", "cohorts", "year group"]),
        ("study", ["reviser", "revise", "revision", "revisions", "revising", "study", "studying", "fr:etudier"]),
        ("together", ["ensemble", "together", "a plusieurs", "en groupe", "group work", "groupwork", "collaborer", "collaboration", "collaborate", "collaborating", "en binome"]),
        ("help", ["aider", "aide", "help", "helping", "assist", "assistance", "soutien"]),
        ("volunteer", ["benevole", "benevoles", "benevolat", "volontaire", "volontaires", "volunteer", "volunteers", "volunteering", "mentor", "mentors", "mentorat", "mentoring"]),
        ("tutor", ["tuteur", "tuteurs", "tutrice", "tutrices", "tutor", "tutors", "prof", "profs", "professeur", "professeurs", "teacher", "teachers", "enseignant", "enseignants", "enseignante", "instructor", "instructors"]),
        ("contact", ["contacter", "contacte", "contact", "contacts", "contacting", "joindre", "get in touch", "reach", "reach out", "ecrire", "ecris", "write", "parler a", "talk to", "speak to"]),
        ("technical", ["technique", "techniques", "technical", "tech", "informatique"]),
        ("grade", ["note", "notes", "noter", "notation", "grade", "grades", "graded", "grading", "mark", "marks", "marked", "marking", "score", "scores", "evaluation", "evaluations", "evaluer", "evalue", "evaluee", "assessed"]),
        ("rubric", ["bareme", "baremes", "grille", "grilles", "rubric", "rubrics", "critere", "criteres", "criteria", "criterion", "grille d'evaluation", "grading scheme", "marking scheme", "marking criteria"]),
        ("results", ["resultat", "resultats", "result", "results", "releve de notes"]),
        ("published", ["publie", "publies", "publiee", "publiees", "publier", "publication", "published", "publish", "release", "released", "come out", "comes out", "fr:sortent", "fr:sortir"]),
        ("certificate", ["attestation", "attestations", "certificat", "certificats", "certificate", "certificates", "cert", "diplome", "diplomes", "diploma", "diplomas", "justificatif", "justificatifs", "en:proof"]),
        ("completion", ["reussite", "completion", "completed", "achevement", "succes", "success", "fin de formation"]),
        ("enrol", ["inscription", "inscriptions", "inscrire", "inscris", "inscrit", "inscrite", "inscrits", "enrol", "enroll", "enrolled", "enrolling", "enrolment", "enrollment", "registration", "register", "registered", "registering", "sign up", "signed up", "signup", "scolarite", "en:book", "en:booking", "reserver", "reservation"]),
        ("withdraw", ["desinscrire", "desinscris", "desinscription", "unenrol", "unenroll", "unenrolment", "abandonner", "abandonne", "abandon", "withdraw", "withdrawal", "withdrawing", "quit", "quitting", "quitter", "drop out", "dropout", "drop"]),
        ("stop", ["arreter", "arrete", "arret", "stop", "stopping", "stopper", "cesser", "ne plus", "no longer"]),
        ("unsubscribe", ["desabonner", "desabonnement", "unsubscribe", "unsubscribing", "opt out"]),
        ("pause", ["suspendre", "suspends", "suspension", "suspendue", "pause", "mettre en pause", "en pause", "pausing", "en:break", "interrompre", "interruption", "cesure", "gap year", "annee de cesure", "time off", "report de formation"]),
        ("employer", ["employeur", "employeurs", "employer", "employers", "patron", "boss", "entreprise", "company", "en:manager", "ressources humaines", "human resources"]),
        ("fees", ["frais", "fee", "fees", "tuition", "frais de scolarite", "frais d'inscription", "frais de formation", "cout", "couts", "cost", "costs", "prix", "price", "tarif", "tarifs"]),
        ("pay", ["payer", "paye", "paie", "paiement", "paiements", "payment", "payments", "pay", "paying", "regler", "reglement", "virement"]),
        ("instalments", ["plusieurs fois", "en plusieurs fois", "en deux fois", "en trois fois", "en quatre fois", "en 3 fois", "instalment", "instalments", "installment", "installments", "echelonner", "echelonne", "echelonnement", "echeancier", "mensualite", "mensualites", "monthly", "paiement fractionne", "fractionne", "payment plan", "payment plans"]),
        ("disability", ["handicap", "handicaps", "handicape", "handicapee", "handicapes", "disability", "disabilities", "disabled", "malvoyant", "malvoyante", "malvoyants", "visually impaired", "hearing impaired", "partially sighted", "malentendant", "malentendante", "sourd", "sourde", "aveugle", "blind", "deaf", "dyslexie", "dyslexique", "dyslexia", "dyslexic", "dyspraxie", "dyspraxia", "dyscalculie", "dyscalculia", "tdah", "adhd", "autisme", "autism", "mdph", "rqth"]),
        ("adjustment", ["amenagement", "amenagements", "amenager", "accommodation", "accommodations", "adjustment", "adjustments", "adaptation", "adaptations", "adapte", "adaptee", "tiers temps", "fr:accessibilite"]),
        ("plagiarism", ["plagiat", "plagiats", "plagier", "plagiarism", "plagiarise", "plagiarize", "plagiarised", "anti plagiat", "antiplagiat", "triche", "tricher", "tricheur", "cheat", "cheating", "compilatio", "turnitin", "copier coller", "copy paste"]),
        ("calendar", ["calendrier", "calendriers", "planning", "plannings", "schedule", "schedules", "calendar", "calendars", "agenda", "timetable", "timetables", "emploi du temps"]),
        ("term", ["semestre", "semestres", "semester", "semesters", "term", "terms", "trimestre", "trimestres", "annee universitaire", "academic year"]),
        ("browser", ["navigateur", "navigateurs", "browser", "browsers", "chrome", "firefox", "safari", "edge", "internet explorer", "ie", "opera"]),
        ("phone", ["telephone", "telephones", "phone", "phones", "smartphone", "smartphones", "mobile", "mobiles", "iphone", "android", "ios", "tablette", "tablettes", "tablet", "tablets", "ipad", "cellphone", "cell phone", "mobile phone"]),
        ("app", ["appli", "applis", "application", "applications", "app", "apps", "play store", "app store"]),
        ("course", ["cours", "course", "courses", "lesson", "lessons", "lecon", "lecons", "formation", "formations", "module", "modules", "en:lecture", "en:lectures", "programme", "program", "training", "cursus", "chapitre", "chapitres", "chapter", "chapters", "unit", "units"]),
        ("platform", ["plateforme", "plateformes", "platform", "platforms", "site", "site web", "site internet", "website", "moodle", "lms", "ent", "portail", "portal"]),
        ("account", ["compte", "comptes", "account", "accounts", "profil", "profile"]),
        ("locked", ["bloque", "bloquee", "bloquer", "verrouille", "verrouillee", "verrouiller", "verrouillage", "locked", "lock", "lockout", "locked out", "blocked", "block", "desactive", "deactivated"]),
        ("delete", ["supprimer", "supprime", "suppression", "effacer", "efface", "delete", "deleted", "deletion", "erase", "erasure", "remove", "removal", "droit a l'oubli", "right to be forgotten"]),
        ("personaldata", ["rgpd", "gdpr", "cnil", "vie privee", "privacy", "donnees personnelles", "donnee personnelle", "personal data", "personal information", "informations personnelles", "data protection", "protection des donnees"]),
        ("data", ["donnees", "donnee", "data", "info", "infos", "information", "informations"]),
        ("keep", ["garder", "gardez", "conserver", "conservez", "conservation", "keep", "keeps", "store", "stores", "stored", "retain", "retention"]),
        ("forgot", ["oublie", "oubliee", "oublier", "forgot", "forgotten", "forget", "souviens", "souvenir", "souviens plus", "remember", "don't remember", "can't remember"]),
        ("check", ["verifier", "verifie", "verifies", "verification", "controler", "controle", "controles", "check", "checks", "checked", "checking", "checker", "verify", "verified", "detecter", "detecte", "detection", "detect", "detected"]),
        ("reset", ["reinitialiser", "reinitialisation", "reinitialise", "reset", "resetting", "remettre a zero", "recuperer", "recuperation", "recover", "recovery"]),
        ("change", ["changer", "change", "changement", "modifier", "modifie", "modification", "changed", "changing", "modify", "update", "updating", "mettre a jour", "edit", "editer", "remplacer"]),
        ("address", ["adresse", "adresses", "address", "addresses"]),
        ("attempt", ["essai", "essais", "tentative", "tentatives", "attempt", "attempts", "try", "tries", "tried"]),
        ("retake", ["refaire", "refais", "redo", "retake", "retakes", "retry", "repasser", "repasse", "recommencer", "try again", "sit again", "do again", "rattrapage", "resit", "resits", "second chance"]),
        ("howmany", ["combien", "how many", "how often", "number of times"]),
        ("size", ["taille", "size", "sizes", "lourd", "lourde", "lourds", "gros", "grosse", "volumineux", "volumineuse", "big", "bigger", "large", "larger", "heavy", "huge", "poids", "weight", "mo", "mb", "megabyte", "megabytes", "megaoctet", "megaoctets", "ko", "kb", "fr:go", "gb"]),
        ("maximum", ["max", "maximum", "maximale", "maximal", "maximaux", "limite", "limit", "limits"]),
        ("overseas", ["outre mer", "dom", "dom tom", "drom", "overseas", "abroad", "etranger", "etrangere", "a l'etranger", "foreign", "international", "guadeloupe", "martinique", "guyane", "la reunion", "ile de la reunion", "mayotte", "nouvelle caledonie", "polynesie", "saint pierre et miquelon", "tahiti", "autre pays", "another country"]),
        ("centre", ["centre", "centres", "center", "centers", "location", "venue", "venues"]),
        ("reminder", ["encouragement", "encouragements", "motivation", "relance", "relances", "reminder", "reminders", "rappel", "rappels", "nudge", "nudges"]),
        ("ask", ["demander", "demande", "demandes", "ask", "asking", "request", "requests"]),
    ];

    /// <summary>
    /// Concepts that say what is wrong or wanted, not what it is about: "perdu", "problème", "ne marche
    /// pas" go with any topic, so in "mdp perdu" the password, not the loss, decides the entry.
    /// </summary>
    private static readonly FrozenSet<string> GenericConcepts = new[]
    {
        "lost", "problem", "works", "error", "start", "change", "receive", "access", "ask", "help", "missed", "close",
    }.Select(c => ConceptPrefix + c).ToFrozenSet(StringComparer.Ordinal);

    private static readonly Lazy<Readings> Built = new(Build);

    /// <summary>Forms claimed by two concepts: a table mistake, checked by a test.</summary>
    public static IReadOnlyList<string> Conflicts => Built.Value.Conflicts;

    /// <summary>Every word written in a form, for typo correction ("pasword" → "password").</summary>
    public static IReadOnlyCollection<string> Words => Built.Value.Words;

    /// <summary>Whether <paramref name="key"/> is a concept that qualifies a topic rather than naming one.</summary>
    public static bool IsGeneric(string key) => GenericConcepts.Contains(key);

    /// <summary>Whether <paramref name="key"/> (a stem) takes part in some form in <paramref name="language"/>.</summary>
    public static bool IsKnownKey(string key, string language) => Built.Value.For(language).Keys.Contains(key);

    /// <summary>
    /// Replaces the longest forms found in <paramref name="tokens"/> by their concept and drops stop words;
    /// a concept made from a corrected word is marked corrected.
    /// </summary>
    public static void Apply(List<FaqToken> tokens, string language, List<FaqTerm> terms)
    {
        var i = 0;
        while (i < tokens.Count)
        {
            var matched = MatchAt(tokens, i, language, out var concept);
            if (matched > 0)
            {
                var corrected = false;
                for (var k = i; k < i + matched; k++)
                {
                    corrected |= tokens[k].IsCorrected;
                }

                terms.Add(new FaqTerm(concept, corrected));
            }
            else if (!tokens[i].IsStop)
            {
                terms.Add(new FaqTerm(tokens[i].Key, tokens[i].IsCorrected));
            }

            i += Math.Max(matched, 1);
        }
    }

    /// <summary>The longest form starting at token <paramref name="start"/>: its length in tokens and its concept; 0 when none.</summary>
    public static int MatchAt(List<FaqToken> tokens, int start, string language, out string concept)
    {
        var reading = Built.Value.For(language);
        var lookup = reading.Phrases.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = stackalloc char[256];
        for (var length = Math.Min(reading.LongestPhrase, tokens.Count - start); length >= 1; length--)
        {
            if (Join(tokens, start, length, buffer) is { } written && lookup.TryGetValue(buffer[..written], out concept!))
            {
                return length;
            }
        }

        concept = "";
        return 0;
    }

    private static int? Join(List<FaqToken> tokens, int start, int length, Span<char> buffer)
    {
        var written = 0;
        for (var k = start; k < start + length; k++)
        {
            var key = tokens[k].Key;
            if (written + key.Length + 1 > buffer.Length)
            {
                return null;
            }

            if (k > start)
            {
                buffer[written++] = ' ';
            }

            key.CopyTo(buffer[written..]);
            written += key.Length;
        }

        return written;
    }

    private static Readings Build()
    {
        var conflicts = new List<string>();
        var words = new HashSet<string>(StringComparer.Ordinal);
        var french = new Dictionary<string, string>(StringComparer.Ordinal);
        var english = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (concept, forms) in Table)
        {
            foreach (var written in forms)
            {
                var (only, form) = written.StartsWith("fr:", StringComparison.Ordinal) ? (FaqLanguages.French, written[3..])
                    : written.StartsWith("en:", StringComparison.Ordinal) ? (FaqLanguages.English, written[3..])
                    : ((string?)null, written);
                words.UnionWith(FaqTextAnalyzer.FoldedWords(form).Where(w => !FaqTextAnalyzer.IsStop(w)));
                if (only != FaqLanguages.English)
                {
                    Add(french, FaqLanguages.French, concept, form, conflicts);
                }

                if (only != FaqLanguages.French)
                {
                    Add(english, FaqLanguages.English, concept, form, conflicts);
                }
            }
        }

        return new Readings(new Reading(french), new Reading(english), conflicts, words);
    }

    private static void Add(Dictionary<string, string> phrases, string language, string concept, string form, List<string> conflicts)
    {
        var tokens = new List<FaqToken>();
        FaqTextAnalyzer.Tokenize(form, language, tokens);
        if (tokens.Count == 0)
        {
            return;
        }

        var key = string.Join(' ', tokens.Select(t => t.Key));
        var term = ConceptPrefix + concept;
        if (phrases.TryGetValue(key, out var existing) && existing != term)
        {
            conflicts.Add($"{language} \"{form}\" (read \"{key}\") is both {existing} and {term}");
            return;
        }

        phrases[key] = term;
    }

    private sealed class Reading(Dictionary<string, string> phrases)
    {
        public Dictionary<string, string> Phrases { get; } = phrases;

        public int LongestPhrase { get; } = phrases.Keys.Select(k => k.Count(c => c == ' ') + 1).DefaultIfEmpty(0).Max();

        public FrozenSet<string> Keys { get; } = phrases.Keys.SelectMany(k => k.Split(' ')).ToFrozenSet(StringComparer.Ordinal);
    }

    private sealed record Readings(Reading French, Reading English, IReadOnlyList<string> Conflicts, IReadOnlyCollection<string> Words)
    {
        public Reading For(string language) => language == FaqLanguages.English ? English : French;
    }
}

/// <summary>A term of analysed text: a stem or a concept; corrected when it comes from a typo fix.</summary>
internal readonly record struct FaqTerm(string Key, bool IsCorrected);
