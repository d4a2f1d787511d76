#!/usr/bin/env bash
# Runs every test project against a throwaway PostgreSQL cluster and smtp4dev on free ports, then
# (on a full run) the script tests: ./run.sh from a private folder (as root and as a user without
# privileges), the CI-sized fault drill
# (1,000 learners, 2 x kill -9, PostgreSQL power cut, SMTP down), and the CI-sized chat drill
# (50 learners, 2 x kill -9 of the bot host while they post and while answers are relayed).
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Faq]; with
# arguments the script tests are skipped (SUPPORTBOT_SCRIPT_TESTS=1 runs them anyway, =0 never).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d /tmp/supportbot-test.XXXXXX)
chmod 755 "$work"
cleanup() {
  set +e
  sb_smtp4dev_stop
  sb_pg_stop "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

sb_log "restoring tools and packages"
dotnet tool restore >/dev/null
[ -x scripts/install-test-deps.sh ] && scripts/install-test-deps.sh
dotnet build SupportBot.sln -warnaserror -nologo -v q -clp:NoSummary

pg_port=$(sb_free_port); smtp_port=$(sb_free_port); imap_port=$(sb_free_port); web_port=$(sb_free_port)
sb_log "PostgreSQL on $pg_port, smtp4dev SMTP $smtp_port IMAP $imap_port web $web_port"
SB_PG_FSYNC=off sb_pg_start "$work/pg" "$pg_port"
sb_smtp4dev_start "$work/smtp4dev" "$smtp_port" "$imap_port" "$web_port" ""

export SUPPORTBOT_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=true"
export SUPPORTBOT_TEST_PGBIN="$SB_PGBIN"
export SUPPORTBOT_TEST_SMTP_PORT=$smtp_port SUPPORTBOT_TEST_IMAP_PORT=$imap_port
export SUPPORTBOT_TEST_SMTP4DEV_URL="http://127.0.0.1:$web_port"

log="$work/test-output.log"
set +e
dotnet test SupportBot.sln --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# The script tests: the product as a user starts it, and under faults. Each counts as one test.
script_passed=0 script_failed=0
script_test() { if "$@"; then script_passed=$((script_passed + 1)); else script_failed=$((script_failed + 1)); status=1; fi; }
drill() {
  dotnet build bench/CampaignBench/CampaignBench.csproj -warnaserror -nologo -v q -clp:NoSummary >/dev/null || return 1
  local ok=0
  CB_CONFIGURATION=Debug CB_NO_BUILD=1 DRILL_MAX_PER_MINUTE=6000 bench/campaign-drill.sh 1000 2 >"$work/drill.log" 2>&1 || ok=1
  grep -E '^==>|deliveries:' "$work/drill.log" | sed 's/^/    /'
  echo "fault drill (1,000 learners, 2 x kill -9, PostgreSQL power cut, SMTP down 30 s): $(tail -1 "$work/drill.log")"
  return "$ok"
}
chat_drill() {
  dotnet build bench/ChatBench/ChatBench.csproj -warnaserror -nologo -v q -clp:NoSummary >/dev/null || return 1
  local ok=0
  CB_CONFIGURATION=Debug CB_NO_BUILD=1 bench/chat-drill.sh 50 2 >"$work/chat-drill.log" 2>&1 || ok=1
  grep -E '^==>|^    ' "$work/chat-drill.log" | sed 's/^/    /'
  echo "chat drill (50 learners, 2 x kill -9 of the bot host while they post and while answers are relayed): $(tail -1 "$work/chat-drill.log")"
  return "$ok"
}
if [ "${SUPPORTBOT_SCRIPT_TESTS:-$([ $# = 0 ] && echo 1 || echo 0)}" = 1 ]; then
  sb_log "script test: ./run.sh from a private folder, stopped by kill -TERM, then by Ctrl-C, then as a user without privileges"
  script_test scripts/test-run-anywhere.sh TERM
  script_test scripts/test-run-anywhere.sh INT
  [ "$(id -u)" = 0 ] && script_test scripts/test-run-anywhere.sh TERM nonroot
  sb_log "script test: the CI-sized fault drill"
  script_test drill
  sb_log "script test: the CI-sized chat drill"
  script_test chat_drill
fi

# One closing line over all test assemblies and script tests, in the plain form CI reads.
awk -v sp="$script_passed" -v sf="$script_failed" -f scripts/test-summary.awk "$log"
exit "$status"
