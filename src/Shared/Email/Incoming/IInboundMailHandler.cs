using MimeKit;

namespace SupportBot.Shared.Email.Incoming;

/// <summary>
/// What the inbox watcher hands each new message to (routing implements it). It must be safe to call
/// twice with the same message: the watcher may re-deliver after a crash between handling and
/// recording its position.
/// </summary>
public interface IInboundMailHandler
{
    Task HandleAsync(MimeMessage message, CancellationToken ct);
}
