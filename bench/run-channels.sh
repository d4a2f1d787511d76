#!/usr/bin/env bash
# The channels bench (issue #3): our bot over /api/messages and Direct Line, side by side with the
# botbuilder JS echo bot, in one run on this machine. Builds Release, starts a throwaway PostgreSQL,
# seeds the demo data, starts both bots on free loopback ports, runs bench/channels/LoadGen, prints
# the table and writes it into bench/README.md ("Channels"). Stops everything it started.
#
# Environment (all optional):
#   BENCH_CONVERSATIONS=200 BENCH_MESSAGES=10   concurrent conversations, messages per conversation
#   BENCH_WARMUP=5 BENCH_MEASURE=15 BENCH_ROUNDS=2   seconds per phase (each round runs every phase once)
#   BENCH_THINK_MS=0                            mean pause between a reply and the next message (uniform 0.5x-1.5x, starts spread)
#   BENCH_QUERIES=../shared/faq/dev-queries.jsonl
#   BENCH_PG_FSYNC=on                           PostgreSQL fsync (on: commits cost what they cost in production)
#   BENCH_NPGSQL_SETTINGS='Max Auto Prepare=20' appended to our bot's connection string, as run.sh does (empty: Npgsql defaults)
#   BENCH_WRITE_README=1                        0 leaves bench/README.md alone
#   BENCH_PROFILE=0                             1 adds a perf profile of our bot under /api/messages load
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source scripts/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

conversations=${BENCH_CONVERSATIONS:-200}
messages=${BENCH_MESSAGES:-10}
warmup=${BENCH_WARMUP:-5}
measure=${BENCH_MEASURE:-15}
rounds=${BENCH_ROUNDS:-2}
think=${BENCH_THINK_MS:-0}
queries=${BENCH_QUERIES:-$root/../shared/faq/dev-queries.jsonl}
[ -f "$queries" ] || sb_die "no learner questions at $queries (set BENCH_QUERIES to a JSONL file of {\"q\": ...})"
command -v node >/dev/null || sb_die "node is needed for the JS echo bot (Node 20)"

results=$root/bench/results
mkdir -p "$results"
work=$(mktemp -d /tmp/supportbot-bench-channels.XXXXXX)
chmod 755 "$work"

bot_pid= js_pid=
stop_group() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  return 0
}
cleanup() {
  set +e
  trap - INT TERM EXIT
  stop_group "$bot_pid"
  stop_group "$js_pid"
  sb_pg_stop "$work/pg"
  cp "$work"/*.log "$results/" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

sb_log "building Release (bot host, CLI, load generator)"
for project in src/Bot/SupportBot.Bot.csproj src/Cli/SupportBot.Cli.csproj bench/channels/LoadGen/SupportBot.Bench.Channels.csproj; do
  dotnet build "$project" -c Release -nologo -v q -clp:NoSummary >"$work/build.log" 2>&1 \
    || { tail -30 "$work/build.log" >&2; sb_die "build of $project failed"; }
done

sb_log "JS echo bot: npm ci (botbuilder 4.23.3, restify)"
js=$root/bench/channels/js-echo
lock_sum=$(sha256sum "$js/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$js/node_modules/.bench-lock-sha256" 2>/dev/null)" != "$lock_sum" ]; then
  (cd "$js" && npm ci --no-audit --no-fund --loglevel=error) || sb_die "npm ci failed in $js"
  echo "$lock_sum" > "$js/node_modules/.bench-lock-sha256"
else
  echo "    node_modules already matches package-lock.json"
fi

pg_port=$(sb_free_port)
sb_log "PostgreSQL 15 on 127.0.0.1:$pg_port (fsync=${BENCH_PG_FSYNC:-on})"
SB_PG_FSYNC=${BENCH_PG_FSYNC:-on} sb_pg_start "$work/pg" "$pg_port"
sb_pg_create_db "$pg_port" supportbot

# Settings of the bot host and the CLI: a closed port for mail (the bench sends none), fresh keys.
npgsql_settings=${BENCH_NPGSQL_SETTINGS-Max Auto Prepare=20}
key() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
link_key=$(key)
bot_port=$(sb_free_port)
closed_port=$(sb_free_port)
export ASPNETCORE_ENVIRONMENT=Production
export SUPPORTBOT__Database__ConnectionString="Host=127.0.0.1;Port=$pg_port;Database=supportbot;Username=postgres${npgsql_settings:+;$npgsql_settings}"
export SUPPORTBOT__Database__MigrateOnStart=false
export SUPPORTBOT__Jobs__RunServer=false
export SUPPORTBOT__Inbox__Enabled=false
export SUPPORTBOT__Logging__LogLevel__Default=Warning
export SUPPORTBOT__Smtp__Host=127.0.0.1 SUPPORTBOT__Smtp__Port=$closed_port SUPPORTBOT__Smtp__Security=None
export SUPPORTBOT__Smtp__FromAddress=support@example.test
export SUPPORTBOT__Imap__Host=127.0.0.1 SUPPORTBOT__Imap__Port=$closed_port SUPPORTBOT__Imap__Security=None
export SUPPORTBOT__Imap__UserName=support
export SUPPORTBOT__OutgoingMail__PublicBaseUrl=http://127.0.0.1:$bot_port
export SUPPORTBOT__OutgoingMail__UnsubscribeSigningKey=$(key)
export SUPPORTBOT__DirectLine__TokenSigningKey=$(key)
export SUPPORTBOT__LearnerLinks__SigningKey=$link_key

sb_log "migrations and demo data"
dotnet src/Cli/bin/Release/net10.0/supportbot.dll seed-demo --dir "$root/demo"

sb_log "our bot (Release) on 127.0.0.1:$bot_port"
setsid dotnet src/Bot/bin/Release/net10.0/SupportBot.Bot.dll --urls "http://127.0.0.1:$bot_port" --contentRoot "$root/src/Bot" \
  >"$work/supportbot.log" 2>&1 &
bot_pid=$!

js_port=$(sb_free_port)
sb_log "JS echo bot on 127.0.0.1:$js_port"
PORT=$js_port setsid node "$js/index.js" >"$work/js-echo.log" 2>&1 &
js_pid=$!

sb_wait_port "$js_port" 30 "the JS echo bot" || { cat "$work/js-echo.log" >&2; exit 1; }
for _ in $(seq 600); do
  kill -0 "$bot_pid" 2>/dev/null || { cat "$work/supportbot.log" >&2; bot_pid=; sb_die "our bot stopped during start-up"; }
  # Healthy or Degraded (no mail server here) both answer: the host is up.
  curl -fs "http://127.0.0.1:$bot_port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$bot_port/healthz" >/dev/null || { tail -20 "$work/supportbot.log" >&2; sb_die "our bot is not healthy"; }
pg_pid=$(head -1 "$work/pg/data/postmaster.pid")

label="$(git log -1 --format='%h %cs' 2>/dev/null || echo '?'), $(date -u +'%Y-%m-%d %H:%M UTC')"
sb_log "load: $conversations conversations x $messages messages, $rounds rounds of ${warmup}+${measure} s per phase"
bench=(dotnet bench/channels/LoadGen/bin/Release/net10.0/channels-bench.dll
  --api "supportbot=http://127.0.0.1:$bot_port/api/messages"
  --api "js-echo=http://127.0.0.1:$js_port/api/messages"
  --directline "http://127.0.0.1:$bot_port/"
  --link-key "$link_key" --queries "$queries"
  --conversations "$conversations" --messages "$messages" --think-ms "$think"
  --warmup "$warmup" --measure "$measure" --rounds "$rounds"
  --watch "supportbot=$bot_pid" --watch "js-echo=$js_pid" --watch "postgres=$pg_pid"
  --json "$results/channels.json" --label "$label")
[ "${BENCH_WRITE_README:-1}" = 1 ] && bench+=(--readme "$root/bench/README.md")
# Bounded: the phases take rounds x 3 x (warm-up + measure + drain); the limit only catches a hang.
timeout $((rounds * 3 * (warmup + measure + 20) + 60)) "${bench[@]}"

if [ "${BENCH_PROFILE:-0}" = 1 ]; then
  sb_log "unloaded latency: one conversation at a time, each bot"
  dotnet bench/channels/LoadGen/bin/Release/net10.0/channels-bench.dll \
    --api "supportbot=http://127.0.0.1:$bot_port/api/messages" --api "js-echo=http://127.0.0.1:$js_port/api/messages" \
    --directline "http://127.0.0.1:$bot_port/" --link-key "$link_key" --queries "$queries" \
    --conversations 1 --messages "$messages" --prime 3 --warmup 2 --measure 10 --rounds 1 | sed -n '/^| bot/,/^$/p'
  # A second instance of our bot, with perf maps so JIT-compiled frames have names; the numbers above ran without.
  sb_log "profile: our bot under /api/messages load, sampled by perf"
  stop_group "$bot_pid"
  DOTNET_PerfMapEnabled=1 setsid dotnet src/Bot/bin/Release/net10.0/SupportBot.Bot.dll --urls "http://127.0.0.1:$bot_port" \
    --contentRoot "$root/src/Bot" >"$work/supportbot-profiled.log" 2>&1 &
  bot_pid=$!
  for _ in $(seq 600); do curl -fs "http://127.0.0.1:$bot_port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  bench/channels/profile.sh "$bot_pid" "$results" 12 15 \
    dotnet bench/channels/LoadGen/bin/Release/net10.0/channels-bench.dll \
    --api "supportbot=http://127.0.0.1:$bot_port/api/messages" --queries "$queries" \
    --conversations "$conversations" --messages "$messages" --prime 10 --warmup 2 --measure 20 --rounds 1
fi

sb_log "results in bench/results/channels.json$([ "${BENCH_WRITE_README:-1}" = 1 ] && echo ' and bench/README.md (Channels)')"
