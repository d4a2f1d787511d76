#!/usr/bin/env bash
# Starts everything on this machine: PostgreSQL (under .data/), smtp4dev, migrations, demo data,
# and the bot host (which also runs the Hangfire server). Ctrl-C or kill -TERM stops all of it.
# Works from any folder (a clone under /root, in a 0700 mktemp -d, with spaces in its path), as
# root or not. --no-build runs what is already built (the script test of this uses it).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh
sb_ensure_faq_thesauri
started=$(date +%s)
build=1
[ "${1:-}" = --no-build ] && build=

# Settings: run.env, unless the environment already says otherwise.
while IFS='=' read -r key value; do
  [[ $key =~ ^[A-Z_]+$ ]] && [ -z "${!key:-}" ] && export "$key=$value"
done < run.env

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
root=$PWD
data=$root/.data
http=$SUPPORTBOT_HTTP_PORT

sb_require_free_port SUPPORTBOT_HTTP_PORT "$http"
sb_require_free_port SUPPORTBOT_PG_PORT "$SUPPORTBOT_PG_PORT"
sb_require_free_port SUPPORTBOT_SMTP_PORT "$SUPPORTBOT_SMTP_PORT"
sb_require_free_port SUPPORTBOT_IMAP_PORT "$SUPPORTBOT_IMAP_PORT"
sb_require_free_port SUPPORTBOT_MAILVIEW_PORT "$SUPPORTBOT_MAILVIEW_PORT"

bot_pid= step_pid= pg=
cleanup() {
  set +e
  trap - INT TERM EXIT
  echo
  sb_log "stopping"
  [ -n "$step_pid" ] && kill -TERM -- "-$step_pid" 2>/dev/null
  [ -n "$bot_pid" ] && { kill -TERM -- "-$bot_pid" 2>/dev/null; wait "$bot_pid" 2>/dev/null; }
  sb_smtp4dev_stop
  [ -n "$pg" ] && sb_pg_stop "$pg"
  sb_log "stopped; data kept in .data/ (delete it to start afresh)"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Long steps run in their own process group, waited for: kill -TERM stops the script (and them) at once,
# not after the step (bash runs a trap only once its foreground command has finished).
step() {
  setsid "$@" &
  step_pid=$!
  local status=0
  wait "$step_pid" || status=$?
  step_pid=
  return "$status"
}

sb_log "restoring tools${build:+ and building}"
step dotnet tool restore >/dev/null || sb_die "dotnet tool restore failed (is the .NET SDK of global.json installed?)"
if [ -n "$build" ]; then
  step dotnet build SupportBot.sln -nologo -v q -clp:NoSummary || sb_die "the build failed (see above)"
fi

pg=$(sb_pg_dir "$data/pg")
sb_log "PostgreSQL 15 on 127.0.0.1:$SUPPORTBOT_PG_PORT (data in ${pg/#$root/.})"
sb_pg_start "$pg" "$SUPPORTBOT_PG_PORT"
sb_pg_create_db "$SUPPORTBOT_PG_PORT" "$SUPPORTBOT_DB_NAME"

sb_log "smtp4dev: SMTP $SUPPORTBOT_SMTP_PORT, IMAP $SUPPORTBOT_IMAP_PORT"
sb_smtp4dev_start "$data/smtp4dev" "$SUPPORTBOT_SMTP_PORT" "$SUPPORTBOT_IMAP_PORT" "$SUPPORTBOT_MAILVIEW_PORT" "$data/smtp4dev/mail.db"

# Keys for the Direct Line tokens and learner links, made once per machine and kept out of git.
if [ ! -f "$data/secrets.env" ]; then
  umask 077
  printf 'SUPPORTBOT__DirectLine__TokenSigningKey=%s\nSUPPORTBOT__LearnerLinks__SigningKey=%s\n' \
    "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$data/secrets.env"
  umask 022
fi
# Added after the first two keys: machines that already have secrets.env get it appended once.
if ! grep -q '^SUPPORTBOT__OutgoingMail__UnsubscribeSigningKey=' "$data/secrets.env"; then
  printf 'SUPPORTBOT__OutgoingMail__UnsubscribeSigningKey=%s\n' "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" >> "$data/secrets.env"
fi
set -a; source "$data/secrets.env"; set +a

# The settings of a local run; a real deployment sets the same keys (see appsettings.example.json).
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
export SUPPORTBOT__Database__ConnectionString="Host=127.0.0.1;Port=$SUPPORTBOT_PG_PORT;Database=$SUPPORTBOT_DB_NAME;Username=postgres;Max Auto Prepare=20"
export SUPPORTBOT__Database__MigrateOnStart=true
export SUPPORTBOT__Smtp__Host=127.0.0.1 SUPPORTBOT__Smtp__Port=$SUPPORTBOT_SMTP_PORT SUPPORTBOT__Smtp__Security=None
export SUPPORTBOT__Smtp__FromAddress=support@example.test
export SUPPORTBOT__Imap__Host=127.0.0.1 SUPPORTBOT__Imap__Port=$SUPPORTBOT_IMAP_PORT SUPPORTBOT__Imap__Security=None
export SUPPORTBOT__Imap__UserName=support SUPPORTBOT__Imap__Password=support
export SUPPORTBOT__OutgoingMail__PublicBaseUrl=${SUPPORTBOT__OutgoingMail__PublicBaseUrl:-http://127.0.0.1:$http}
# Signed return paths land in smtp4dev's Support mailbox (support+*@), which the inbox reads.
export SUPPORTBOT__OutgoingMail__BounceLocalPart=${SUPPORTBOT__OutgoingMail__BounceLocalPart-support}

sb_log "migrations and demo data"
step dotnet src/Cli/bin/Debug/net10.0/supportbot.dll seed-demo --dir "$root/demo" || sb_die "loading the demo data failed (see above)"

sb_log "starting the bot on http://127.0.0.1:$http"
setsid dotnet src/Bot/bin/Debug/net10.0/SupportBot.Bot.dll --urls "http://127.0.0.1:$http" --contentRoot "$root/src/Bot" &
bot_pid=$!

for _ in $(seq 600); do
  kill -0 "$bot_pid" 2>/dev/null || { bot_pid=; sb_die "the bot stopped during start-up (see above)"; }
  curl -fs "http://127.0.0.1:$http/healthz" 2>/dev/null | grep -q '"status":"Healthy"' && break
  sleep 0.1
done

cat <<URLS

  SupportBot is up (healthy after $(( $(date +%s) - started )) s).

  Web chat ............ http://127.0.0.1:$http/
  Tutor pages ......... http://127.0.0.1:$http/tutor
  Hangfire dashboard .. http://127.0.0.1:$http/hangfire
  Mail (smtp4dev) ..... http://127.0.0.1:$SUPPORTBOT_MAILVIEW_PORT/
  Health .............. http://127.0.0.1:$http/healthz

  Press Ctrl-C to stop everything.
URLS
echo "  Demo learners (signed links, valid 12 h, as the course platform would embed them):"
dotnet src/Cli/bin/Debug/net10.0/supportbot.dll webchat link --base-url "http://127.0.0.1:$http" | sed 's/^/    /'
echo

wait "$bot_pid"
