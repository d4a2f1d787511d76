#!/usr/bin/env bash
# Runs every test project against a throwaway PostgreSQL cluster and smtp4dev on free ports.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Faq]
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

# One closing line over all test assemblies, in the plain form CI reads.
awk '/(Passed|Failed)! +- Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
