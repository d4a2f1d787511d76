using SupportBot.Cli;

namespace SupportBot.Tests.Email;

public sealed class MailCommandTests
{
    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliProgram.CreateRoot().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Extract_reply_from_a_body_file_prints_the_new_text()
    {
        var body = Path.Combine(Path.GetTempPath(), $"supportbot-body-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(body, "C'est au chapitre 4.\r\n\r\nLe 12 nov. 2026 à 18:04, SupportBot a écrit :\r\n> Où est la réponse ?\r\n");
        try
        {
            var (exit, output, error) = await Run("mail", "extract-reply", "--body", body);
            Assert.Equal(0, exit);
            Assert.Equal("C'est au chapitre 4.", output.TrimEnd('\n', '\r'));
            Assert.Empty(error);
        }
        finally
        {
            File.Delete(body);
        }
    }

    [Theory]
    // The command prints exactly what the peer wrote; --context shows it as the chat does, each inline
    // answer under the sentence it answers, so a bare "Oui" still says what it agrees to.
    [InlineData(false, "Oui.\n\nNon, la 3.12 suffit.")]
    [InlineData(true, "> Faut-il installer Python ?\nOui.\n\n> La version 3.13 est-elle obligatoire ?\nNon, la 3.12 suffit.")]
    public async Task Extract_reply_prints_inline_answers_alone_or_with_what_they_answer(bool context, string expected)
    {
        var body = Path.Combine(Path.GetTempPath(), $"supportbot-body-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(body, """
            Le 12 nov. 2026 à 18:04, SupportBot a écrit :
            > Faut-il installer Python ?
            Oui.

            > La version 3.13 est-elle obligatoire ?
            Non, la 3.12 suffit.

            > Merci d'avance.
            """);
        try
        {
            var (exit, output, error) = await Run(["mail", "extract-reply", "--body", body, .. context ? new[] { "--context" } : []]);
            Assert.Equal(0, exit);
            Assert.Equal(expected, output.ReplaceLineEndings("\n").TrimEnd('\n'));
            Assert.Empty(error);
        }
        finally
        {
            File.Delete(body);
        }
    }

    [Fact]
    public async Task Extract_reply_from_an_eml_handles_html_only_messages()
    {
        var (exit, output, _) = await Run("mail", "extract-reply", "--eml", TestMessages.PathOf("html-only.eml"));
        Assert.Equal(0, exit);
        Assert.Contains("1. the notebook kernel is Python 3,", output, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot find data.csv", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--body")]
    [InlineData("--eml")]
    public async Task Missing_file_is_a_one_line_error_and_exit_code_1(string option)
    {
        var (exit, output, error) = await Run("mail", "extract-reply", option, "/nonexistent/reply.txt");
        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Unparsable_message_is_a_one_line_error_and_exit_code_1()
    {
        var eml = Path.Combine(Path.GetTempPath(), $"supportbot-bad-{Guid.NewGuid():N}.eml");
        await File.WriteAllBytesAsync(eml, [0, 1, 2, 3, 10, 13, 10]);
        try
        {
            var (exit, _, error) = await Run("mail", "extract-reply", "--eml", eml);
            Assert.Equal(1, exit);
            Assert.Single(error.Trim().Split('\n'));
        }
        finally
        {
            File.Delete(eml);
        }
    }

    [Theory]
    [InlineData]
    [InlineData("--body", "a.txt", "--eml", "b.eml")]
    public async Task Exactly_one_of_body_or_eml_is_required(params string[] options)
    {
        var (exit, _, error) = await Run(["mail", "extract-reply", .. options]);
        Assert.Equal(1, exit);
        Assert.Contains("exactly one", error, StringComparison.Ordinal);
    }
}
