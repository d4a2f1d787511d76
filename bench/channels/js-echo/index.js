// The baseline of bench/run-channels.sh: BotBuilder-Samples' 02.echo-bot, trimmed. A CloudAdapter
// with no app id (anonymous, like our host without Bot:MicrosoftAppId) on restify, replying to the
// activity's serviceUrl through the Connector REST API. Listens on 127.0.0.1:$PORT only.
'use strict';

const restify = require('restify');
const {
    ActivityHandler,
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
    MessageFactory
} = require('botbuilder');

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0) {
    console.error('js-echo: set PORT');
    process.exit(2);
}

const auth = new ConfigurationBotFrameworkAuthentication({});
const adapter = new CloudAdapter(auth);
adapter.onTurnError = async (context, error) => {
    console.error(`js-echo: turn failed: ${error}`);
};

class EchoBot extends ActivityHandler {
    constructor() {
        super();
        this.onMessage(async (context, next) => {
            const text = `Echo: ${context.activity.text}`;
            await context.sendActivity(MessageFactory.text(text, text));
            await next();
        });
    }
}
const bot = new EchoBot();

const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
});
server.get('/healthz', (req, res, next) => {
    res.send(200, 'ok');
    return next();
});
server.listen(port, '127.0.0.1', () => {
    console.log(`js-echo listening on http://127.0.0.1:${port}`);
});
