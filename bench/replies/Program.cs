using SupportBot.Bench.Replies;

return args switch
{
    ["score", var dir, ..] => ReplyScore.Run(dir),
    ["html", .. var rest] => HostileHtml.Run(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: SupportBot.Bench.Replies score DIR | html [--mb N] [--rounds N]");
    return 2;
}
