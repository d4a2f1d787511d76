#!/usr/bin/env bash
# Fault drill of the chat: learners ask in the web chat (Direct Line, like Web Chat), say "yes, ask
# peers", volunteers answer the question emails by SMTP into the support mailbox (smtp4dev), and the
# bot host (with its Hangfire server and inbox reader, as ./run.sh starts it) relays each answer into
# the chat; meanwhile the bot host is killed with kill -9 several times (restarted each time), while
# the learners post and while the answers are relayed. Every learner message must be stored once and
# answered once, and every answer be in the chat once.
# Last line: "N learners: E exactly once, D duplicates, M missing"; exit 1 unless exact.
# Usage: bench/chat-drill.sh [learners=400] [kills=6]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/lib.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
learners=${1:-400}
kills=${2:-6}
volunteers=$(( learners / 10 + 5 ))

work=$(mktemp -d /tmp/supportbot-chat-drill.XXXXXX)
chmod 755 "$work"
# CB_CONFIGURATION=Debug CB_NO_BUILD=1: use what ./test.sh has just built (the CI-sized drill).
config=${CB_CONFIGURATION:-Release}
bot_pid= bench_pid=
cleanup() {
  set +e
  [ -n "$bench_pid" ] && kill -KILL "$bench_pid" 2>/dev/null
  [ -n "$bot_pid" ] && kill -KILL "$bot_pid" 2>/dev/null
  sb_smtp4dev_stop
  sb_pg_stop "$work/pg"
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "${CB_NO_BUILD:-}" ]; then
  sb_log "building ($config: the bot host, the CLI, the drill's learners and volunteers)"
  dotnet build src/Bot/SupportBot.Bot.csproj -c "$config" -nologo -v q -clp:NoSummary >/dev/null
  dotnet build src/Cli/SupportBot.Cli.csproj -c "$config" -nologo -v q -clp:NoSummary >/dev/null
  dotnet build bench/ChatBench/ChatBench.csproj -c "$config" -nologo -v q -clp:NoSummary >/dev/null
fi
dotnet tool restore >/dev/null

pg_port=$(sb_free_port); smtp_port=$(sb_free_port); imap_port=$(sb_free_port); web_port=$(sb_free_port); http_port=$(sb_free_port)
SB_PG_FSYNC=off sb_pg_start "$work/pg" "$pg_port"
sb_pg_create_db "$pg_port" supportbot
# Every question email and reply is kept (smtp4dev keeps 100 per mailbox by default).
ServerOptions__NumberOfMessagesToKeep=100000 sb_smtp4dev_start "$work/smtp4dev" "$smtp_port" "$imap_port" "$web_port" ""

key() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
export ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
export SUPPORTBOT__Database__ConnectionString="Host=127.0.0.1;Port=$pg_port;Database=supportbot;Username=postgres;Maximum Pool Size=60"
export SUPPORTBOT__Smtp__Host=127.0.0.1 SUPPORTBOT__Smtp__Port=$smtp_port SUPPORTBOT__Smtp__Security=None
export SUPPORTBOT__Smtp__FromAddress=support@drill.test
export SUPPORTBOT__Imap__Host=127.0.0.1 SUPPORTBOT__Imap__Port=$imap_port SUPPORTBOT__Imap__Security=None
export SUPPORTBOT__Imap__UserName=support SUPPORTBOT__Imap__Password=support
export SUPPORTBOT__LearnerLinks__SigningKey=$(key) SUPPORTBOT__DirectLine__TokenSigningKey=$(key)
export SUPPORTBOT__OutgoingMail__UnsubscribeSigningKey=$(key) SUPPORTBOT__OutgoingMail__PublicBaseUrl=http://127.0.0.1:$http_port
# Every learner comes from 127.0.0.1: no per-address limits.
export SUPPORTBOT__DirectLine__Limits__TokensPerMinute=0 SUPPORTBOT__DirectLine__Limits__PostsPerMinute=0
# One volunteer per question, awake at any hour, with room for many open questions.
export SUPPORTBOT__Routing__PeersPerQuestion=1 SUPPORTBOT__Routing__MaxOpenPerPeer=50
export SUPPORTBOT__Routing__AwakeFrom=00:00 SUPPORTBOT__Routing__AwakeUntil=23:59:59
# Short leases so a killed host's work is taken over within the drill: its turns, its send-log
# claims, its Hangfire jobs. The email copy of an answer would only add mail to the learners.
export SUPPORTBOT__DirectLine__TurnLease=00:00:10 SUPPORTBOT__Delivery__ClaimLease=00:00:20
export SUPPORTBOT__Jobs__InvisibilityTimeout=00:00:20 SUPPORTBOT__Jobs__AbandonedLockAfter=00:00:20 SUPPORTBOT__Jobs__QueuePollInterval=00:00:00.500
export SUPPORTBOT__Relay__EmailCopyAfter=7.00:00:00 SUPPORTBOT__Inbox__HeartbeatInterval=00:00:02 SUPPORTBOT__Routing__ResumeUnsentAfter=00:00:30
dotnet "src/Cli/bin/$config/net10.0/supportbot.dll" migrate >/dev/null

psql_() { "$SB_PGBIN/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d supportbot -qtAX -v ON_ERROR_STOP=1 -c "$1"; }
psql_ "INSERT INTO supportbot.courses VALUES ('drill', 'Drill');
       INSERT INTO supportbot.modules (id, course_id, title) VALUES ('drill-stats', 'drill', 'Statistiques');
       INSERT INTO supportbot.people (external_id, display_name, email, locale, time_zone)
         SELECT 'drill-vol-' || g, 'Volunteer ' || g, 'vol' || g || '@drill-volunteers.test', 'fr', 'Europe/Paris' FROM generate_series(1, $volunteers) g;
       INSERT INTO supportbot.volunteers (person_id, topics, max_questions_week, opted_in_via)
         SELECT id, ARRAY['account','admin','assessments','assignments','community','content','exams','support','technical'], 1000, 'import'
         FROM supportbot.people WHERE external_id LIKE 'drill-vol-%';
       INSERT INTO supportbot.module_alumni (person_id, module_id) SELECT id, 'drill-stats' FROM supportbot.people WHERE external_id LIKE 'drill-vol-%';"

bot_start() {
  setsid dotnet "src/Bot/bin/$config/net10.0/SupportBot.Bot.dll" --urls "http://127.0.0.1:$http_port" --contentRoot "$root/src/Bot" >>"$work/bot.log" 2>&1 &
  bot_pid=$!
  for _ in $(seq 600); do
    curl -fs "http://127.0.0.1:$http_port/healthz" 2>/dev/null | grep -q Healthy && return 0
    kill -0 "$bot_pid" 2>/dev/null || { tail -20 "$work/bot.log" >&2; sb_die "the bot host stopped during start-up"; }
    sleep 0.2
  done
  sb_die "the bot host was not healthy within 120 s"
}
bot_kill() { kill -KILL "$bot_pid" 2>/dev/null; wait "$bot_pid" 2>/dev/null || true; bot_pid=; }
# progress: "routed answered" as the learners see it.
progress() { local p; p=$(cat "$work/progress" 2>/dev/null || echo "0 0"); echo $(( ${p% *} + ${p#* } )); }

sb_log "$learners learners, $volunteers volunteers; the bot host is killed with kill -9 $kills times while they post and while answers are relayed"
bot_start
dotnet "bench/ChatBench/bin/$config/net10.0/chat-bench.dll" drive "http://127.0.0.1:$http_port" "$learners" drill-stats \
  "http://127.0.0.1:$web_port" "$smtp_port" "$work/progress" >"$work/bench.log" 2>"$work/bench.err" &
bench_pid=$!

# Kill k comes once learners have made k/(kills+2) of their progress (questions routed, then answers
# seen), and some progress since the last kill: the first half while they post, the rest while
# answers are relayed.
last=0
for ((k = 1; k <= kills; k++)); do
  target=$(( 2 * learners * k / (kills + 2) ))
  for _ in $(seq 3000); do
    now=$(progress)
    [ "$now" -ge "$target" ] && [ "$now" -gt "$last" ] && break
    kill -0 "$bench_pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -0 "$bench_pid" 2>/dev/null || break
  sleep "0.$((RANDOM % 9))"
  last=$(progress)
  bot_kill
  sb_log "kill -9 #$k of the bot host at $(cat "$work/progress") (routed, answered); restarting"
  bot_start
done

status=0
wait "$bench_pid" || status=$?
bench_pid=
bot_kill
grep -c "Running again the turn" "$work/bot.log" | sed 's/^/    turns run again after a kill: /' || true
sed 's/^/    /' "$work/bench.err" | tail -20
sb_log "done after $SECONDS s"
cat "$work/bench.log"
exit "$status"
