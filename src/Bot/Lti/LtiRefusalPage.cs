using System.Text.Encodings.Web;

namespace SupportBot.Bot.Lti;

/// <summary>The page a refused launch shows: what happened and what to do, in French or English.</summary>
internal static class LtiRefusalPage
{
    public static int StatusOf(LtiRefusal refusal) => refusal switch
    {
        LtiRefusal.AlreadyUsed or LtiRefusal.NonceMismatch or LtiRefusal.LoginExpired or LtiRefusal.Expired => StatusCodes.Status401Unauthorized,
        LtiRefusal.NoRole or LtiRefusal.UnknownDeployment or LtiRefusal.WrongAudience or LtiRefusal.UnknownPlatform => StatusCodes.Status403Forbidden,
        LtiRefusal.EmailTaken => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    public static string Html(LtiRefusal refusal, string acceptLanguage)
    {
        var fr = !acceptLanguage.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var reopen = fr ? "Rouvrez SupportBot depuis la page de votre cours." : "Open SupportBot again from your course page.";
        var admin = fr ? "Signalez-le à l'administrateur de la plateforme de cours." : "Tell the course platform's administrator.";
        var (title, text) = refusal switch
        {
            LtiRefusal.AlreadyUsed or LtiRefusal.NonceMismatch => (
                fr ? "Ce lancement a déjà servi" : "This launch was already used",
                (fr ? "Chaque ouverture depuis le cours ne sert qu'une fois (un rechargement ou un retour arrière la rejoue). " : "Each launch from the course works once (reloading or going back replays it). ") + reopen),
            LtiRefusal.LoginExpired or LtiRefusal.Expired => (
                fr ? "Ce lancement a expiré" : "This launch has expired",
                (fr ? "La plateforme de cours a mis trop de temps à répondre, ou son horloge n'est pas à l'heure. " : "The course platform took too long to answer, or its clock is wrong. ") + reopen),
            LtiRefusal.WrongAudience => (
                fr ? "Ce lancement n'est pas destiné à SupportBot" : "This launch is not meant for SupportBot",
                (fr ? "Le jeton de la plateforme a été émis pour un autre outil (identifiant client différent). " : "The platform's token was issued for another tool (a different client id). ") + admin),
            LtiRefusal.UnknownDeployment => (
                fr ? "Ce déploiement de SupportBot n'est pas enregistré" : "This SupportBot deployment is not registered",
                (fr ? "La plateforme a lancé SupportBot depuis un déploiement que SupportBot ne connaît pas (Lti:Platforms:DeploymentIds). " : "The platform launched SupportBot from a deployment SupportBot does not know (Lti:Platforms:DeploymentIds). ") + admin),
            LtiRefusal.UnknownPlatform or LtiRefusal.WrongIssuer => (
                fr ? "Plateforme de cours inconnue" : "Unknown course platform",
                (fr ? "SupportBot n'a pas d'enregistrement LTI pour cette plateforme. " : "SupportBot has no LTI registration for this platform. ") + admin),
            LtiRefusal.OtherBrowser => (
                fr ? "Le lancement n'a pas pu être vérifié" : "The launch could not be checked",
                fr ? "Votre navigateur a bloqué le cookie de SupportBot (souvent quand l'outil s'ouvre dans un cadre). Rouvrez SupportBot depuis le cours ; s'il s'ouvre dans la page, demandez qu'il s'ouvre dans une nouvelle fenêtre."
                   : "Your browser blocked SupportBot's cookie (often when the tool opens inside a frame). Open SupportBot again from the course; if it opens inside the page, ask for it to open in a new window."),
            LtiRefusal.NoRole => (
                fr ? "SupportBot est réservé aux apprenants et aux tuteurs du cours" : "SupportBot is for the course's learners and tutors",
                fr ? "Votre rôle dans ce cours n'est ni apprenant ni enseignant." : "Your role in this course is neither learner nor teacher."),
            LtiRefusal.NoIdentity => (
                fr ? "La plateforme n'a pas transmis votre nom et votre adresse" : "The platform did not share your name and email",
                (fr ? "SupportBot en a besoin pour vous répondre par e-mail. " : "SupportBot needs them to answer you by email. ") + admin),
            LtiRefusal.EmailTaken => (
                fr ? "Cette adresse est déjà utilisée" : "This email address is already used",
                (fr ? "Un autre compte SupportBot utilise votre adresse e-mail. " : "Another SupportBot account uses your email address. ") + admin),
            LtiRefusal.DeepLinkingUnsupported => (
                fr ? "SupportBot ne peut pas répondre à cette sélection de contenu" : "SupportBot cannot answer this content selection",
                (fr ? "SupportBot s'ajoute à un cours comme un lien vers l'outil (ltiResourceLink), avec la clé de l'outil réglée (Lti:ToolPrivateKey). " : "SupportBot is added to a course as a link to the tool (ltiResourceLink), with the tool key set (Lti:ToolPrivateKey). ") + admin),
            LtiRefusal.NoCourse or LtiRefusal.NotAResourceLink => (
                fr ? "Ce lien ne mène pas à un cours" : "This link does not lead to a course",
                (fr ? "SupportBot s'ouvre depuis une activité d'un cours. " : "SupportBot opens from an activity in a course. ") + admin),
            _ => (
                fr ? "Ce lancement n'est pas valide" : "This launch is not valid",
                (fr ? "La signature ou le contenu du lancement n'a pas pu être vérifié. " : "The launch's signature or content could not be checked. ") + reopen),
        };
        var html = HtmlEncoder.Default;
        return $"""
            <!doctype html>
            <html lang="{(fr ? "fr" : "en")}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>SupportBot</title>
            <link rel="stylesheet" href="/chat/chat.css">
            </head>
            <body>
            <header><strong>SupportBot</strong></header>
            <main class="notice" role="alert" data-refusal="{refusal}"><h1>{html.Encode(title)}</h1><p>{html.Encode(text)}</p></main>
            </body>
            </html>
            """;
    }
}
