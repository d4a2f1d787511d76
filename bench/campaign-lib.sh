# Shared by bench/campaign-drill.sh and bench/campaign-throughput.sh (sourced): a throwaway
# PostgreSQL, the SMTP sink, learners, a campaign due now, and the jobs worker from env settings.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/lib.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d /tmp/supportbot-campaign-bench.XXXXXX)
chmod 755 "$work"
# CB_CONFIGURATION=Debug CB_NO_BUILD=1: use what ./test.sh has just built (the CI-sized drill).
config=${CB_CONFIGURATION:-Release}
bench=(dotnet "$root/bench/CampaignBench/bin/$config/net10.0/campaign-bench.dll")
worker_pid= sink_pid=

cb_cleanup() {
  set +e
  [ -n "$worker_pid" ] && kill -KILL "$worker_pid" 2>/dev/null
  [ -n "$sink_pid" ] && kill -KILL "$sink_pid" 2>/dev/null
  sb_pg_stop "$work/pg"
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cb_cleanup EXIT
trap 'exit 130' INT TERM

cb_build() {
  [ -n "${CB_NO_BUILD:-}" ] && return 0
  sb_log "building ($config: the worker, the CLI, the bench tools)"
  dotnet build src/Jobs/SupportBot.Jobs.csproj -c "$config" -nologo -v q -clp:NoSummary >/dev/null
  dotnet build src/Cli/SupportBot.Cli.csproj -c "$config" -nologo -v q -clp:NoSummary >/dev/null
  dotnet build bench/CampaignBench/CampaignBench.csproj -c "$config" -nologo -v q -clp:NoSummary >/dev/null
}

# cb_start PG_PORT SMTP_PORT: database, settings for every process, migrations.
cb_start() {
  pg_port=$(sb_free_port); smtp_port=$(sb_free_port)
  SB_PG_FSYNC=off sb_pg_start "$work/pg" "$pg_port"
  sb_pg_create_db "$pg_port" supportbot
  export SUPPORTBOT__Database__ConnectionString="Host=127.0.0.1;Port=$pg_port;Database=supportbot;Username=postgres;Maximum Pool Size=60"
  export SUPPORTBOT__Smtp__Host=127.0.0.1 SUPPORTBOT__Smtp__Port=$smtp_port SUPPORTBOT__Smtp__Security=None
  export SUPPORTBOT__Smtp__FromAddress=support@bench.test
  export SUPPORTBOT__Imap__Host=127.0.0.1 SUPPORTBOT__Imap__Port=1 SUPPORTBOT__Imap__Security=None SUPPORTBOT__Imap__UserName=x SUPPORTBOT__Imap__Password=x
  export SUPPORTBOT__LearnerLinks__SigningKey=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  export SUPPORTBOT__DirectLine__TokenSigningKey=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  export SUPPORTBOT__OutgoingMail__PublicBaseUrl=https://support.bench.test
  export SUPPORTBOT__OutgoingMail__UnsubscribeSigningKey=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  export SUPPORTBOT__Campaigns__MaxPerMinute=0 SUPPORTBOT__Campaigns__MaxPerMinutePerDomain=0
  export DOTNET_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
  dotnet src/Cli/bin/$config/net10.0/supportbot.dll migrate >/dev/null
  sink_log=$work/sink.log
  : > "$sink_log"
}

cb_psql() { "$SB_PGBIN/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d supportbot -qtAX -v ON_ERROR_STOP=1 -c "$1"; }

cb_sink_start() {
  setsid "${bench[@]}" sink "$smtp_port" "$sink_log" >"$work/sink.out" 2>&1 &
  sink_pid=$!
  sb_wait_port "$smtp_port" 30 "SMTP sink"
}

cb_sink_stop() { kill -KILL "$sink_pid" 2>/dev/null; wait "$sink_pid" 2>/dev/null || true; sink_pid=; }

# cb_learners N: a module and N learners in four time zones, on 20 mail domains.
cb_learners() {
  local n=$1
  cb_psql "INSERT INTO supportbot.courses VALUES ('bench', 'Bench') ON CONFLICT DO NOTHING;
           INSERT INTO supportbot.modules (id, course_id, title) VALUES ('bench-mod', 'bench', 'Statistiques') ON CONFLICT DO NOTHING;
           INSERT INTO supportbot.people (external_id, display_name, email, locale, time_zone)
             SELECT 'bench-' || g, 'Learner ' || g, 'learner' || g || '@d' || (g % 20) || '.bench.test',
                    CASE WHEN g % 3 = 0 THEN 'en' ELSE 'fr' END,
                    (ARRAY['Europe/Paris', 'America/Martinique', 'Indian/Reunion', 'Pacific/Noumea'])[1 + g % 4]
             FROM generate_series(1, $n) g;
           INSERT INTO supportbot.enrolments (person_id, module_id) SELECT id, 'bench-mod' FROM supportbot.people WHERE external_id LIKE 'bench-%';"
}

# cb_campaign: scheduled for 00:00 yesterday, local: due now for every learner.
cb_campaign() {
  dotnet src/Cli/bin/$config/net10.0/supportbot.dll campaign create --name "bench" --module bench-mod --audience module --channel email \
    --subject-fr "Courage {{ first_name }}" --body-fr "Bonjour {{ first_name }}, on croit en vous pour {{ module }} ! {{ links.chat }}" \
    --subject-en "Keep going {{ first_name }}" --body-en "Hello {{ first_name }}, you can do {{ module }}! {{ links.chat }}" \
    --once "$(date -u -d yesterday +%F)" --time 00:00 --schedule
}

cb_worker_start() {
  setsid dotnet src/Jobs/bin/$config/net10.0/SupportBot.Jobs.dll >>"$work/worker.log" 2>&1 &
  worker_pid=$!
}

cb_worker_kill() { kill -KILL "$worker_pid" 2>/dev/null; wait "$worker_pid" 2>/dev/null || true; worker_pid=; }

cb_sent() { wc -l < "$sink_log"; }

# cb_pg_crash: PostgreSQL stopped as by a power cut (pg_ctl -m immediate: no checkpoint, clients cut), then started again.
cb_pg_crash() {
  sb_as_pg "$SB_PGBIN/pg_ctl" -D "$work/pg/data" -m immediate -w stop >/dev/null
  sleep "${1:-3}"
  SB_PG_FSYNC=off sb_pg_start "$work/pg" "$pg_port"
}

cb_open() { cb_psql "SELECT count(*) FROM supportbot.campaign_deliveries WHERE status IN ('due', 'queued', 'sending')"; }

cb_total() { cb_psql "SELECT count(*) FROM supportbot.campaign_deliveries"; }

# cb_wait_done N SECONDS: until every one of N deliveries is resolved and none is open.
cb_wait_done() {
  local n=$1 seconds=$2 i
  for ((i = 0; i < seconds; i++)); do
    if [ "$(cb_total)" -ge "$n" ] && [ "$(cb_open)" = 0 ]; then return 0; fi
    sleep 1
  done
  echo "timed out: $(cb_open) deliveries still open, $(cb_sent) received" >&2
  return 1
}
