// Drives a Direct Line 3.0 service with the official client, botframework-directlinejs, as Web Chat
// does: one session per run, described by a JSON argument, answered by one JSON line on stdout.
//
//   node directline-conformance.mjs '{"domain":"http://127.0.0.1:5000/v3/directline","token":"...",
//     "webSocket":true,"say":"bonjour","replies":1}'
//
// Spec: domain, token (required); webSocket (default true); conversationId and watermark (reconnect
// to an existing conversation instead of starting one), streamUrl (with both: resume as already connected); say, locale, userId (post one message);
// replies (bot messages answering it to wait for, default 1); expect (activities to wait for when
// nothing is said); refresh (also renew the token as DirectLineJS does every 15 minutes); timeoutMs (default 20000); settleMs (listen on after that, to catch extras).
// Result: { ok, conversationId, watermark, postedId, refreshedToken, activities, statuses, error }.
// Exit code 0 when the expected activities arrived, 1 otherwise, 2 for a bad spec.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// Node 20 has neither XMLHttpRequest (RxJS 5's ajax, which DirectLineJS uses for REST) nor a global
// WebSocket (DirectLineJS checks `typeof WebSocket` before it tries the stream).
globalThis.XMLHttpRequest = require('xhr2');
globalThis.WebSocket = require('ws');

const { DirectLine, ConnectionStatus } = require('botframework-directlinejs');

let spec;
try {
  spec = JSON.parse(process.argv[2] ?? '');
  if (!spec.domain || !spec.token) throw new Error('domain and token are required');
} catch (error) {
  process.stderr.write(`bad spec: ${error.message}\n`);
  process.exit(2);
}

const timeoutMs = spec.timeoutMs ?? 20000;
const settleMs = spec.settleMs ?? 500;
const statusNames = Object.fromEntries(Object.entries(ConnectionStatus).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k]));

const directLine = new DirectLine({
  token: spec.token,
  domain: spec.domain,
  webSocket: spec.webSocket ?? true,
  conversationId: spec.conversationId,
  watermark: spec.watermark,
  streamUrl: spec.streamUrl,
  pollingInterval: 200,
  timeout: 10000,
});

const activities = [];
const statuses = [];
let postedId = null;
let refreshedToken = null;
let finished = false;

function finish(error) {
  if (finished) return;
  finished = true;
  if (error) report(error);
  else setTimeout(() => report(null), settleMs);
}

function report(error) {
  const result = {
    ok: !error,
    conversationId: directLine.conversationId ?? null,
    watermark: directLine.watermark ?? null,
    postedId,
    refreshedToken,
    activities,
    statuses,
    error,
  };
  process.stdout.write(JSON.stringify(result) + '\n', () => {
    directLine.end();
    // DirectLineJS keeps timers (token refresh, polling) alive; the session is over.
    process.exit(error ? 1 : 0);
  });
}

function expectationMet() {
  if (spec.refresh && !refreshedToken) return false;
  if (spec.say) {
    const replies = activities.filter(a => a.type === 'message' && postedId && a.replyToId === postedId);
    return replies.length >= (spec.replies ?? 1);
  }
  return activities.length >= (spec.expect ?? 0);
}

directLine.connectionStatus$.subscribe(status => {
  statuses.push(statusNames[status] ?? String(status));
  if (status === ConnectionStatus.FailedToConnect || status === ConnectionStatus.Ended || status === ConnectionStatus.ExpiredToken) {
    finish(`connection status ${statusNames[status]}`);
  }
});

directLine.activity$.subscribe(
  activity => {
    activities.push(activity);
    if (expectationMet()) finish();
  },
  error => finish(`activity$ failed: ${error?.message ?? error}`));

if (spec.refresh) {
  directLine.refreshToken().subscribe(
    token => {
      refreshedToken = token;
      if (expectationMet()) finish();
    },
    error => finish(`refreshToken failed: ${error?.status ?? ''} ${error?.message ?? error}`));
}

if (spec.say) {
  directLine
    .postActivity({
      type: 'message',
      text: spec.say,
      locale: spec.locale ?? 'fr-FR',
      from: { id: spec.userId ?? 'conformance-user' },
    })
    .subscribe(
      id => {
        postedId = id;
        if (expectationMet()) finish();
      },
      error => finish(`postActivity failed: ${error?.status ?? ''} ${error?.message ?? error}`));
} else if (expectationMet()) {
  finish();
}

setTimeout(() => finish(`timed out after ${timeoutMs} ms`), timeoutMs).unref();
