#!/usr/bin/env bash
# FAQ matcher against PostgreSQL full-text search, in one run, on a throwaway PostgreSQL cluster.
# Usage: bench/run-faq.sh [--rounds N]   (prints the markdown tables that bench/README.md quotes)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d /tmp/supportbot-bench.XXXXXX)
chmod 755 "$work"
cleanup() {
  set +e
  sb_pg_stop "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

sb_log "building the benchmark (Release)"
dotnet build bench/faq/SupportBot.Bench.csproj -c Release -warnaserror -nologo -v q -clp:NoSummary >/dev/null

pg_port=$(sb_free_port)
sb_log "PostgreSQL on $pg_port"
SB_PG_FSYNC=off sb_pg_start "$work/pg" "$pg_port"

dev=/work/shared/faq/dev-queries.jsonl
[ -f "$dev" ] || dev=tests/SupportBot.Tests/TestData/faq-dev-queries.jsonl
dotnet bench/faq/bin/Release/net10.0/SupportBot.Bench.dll \
  --pg "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=false" \
  --kb demo/demo-kb.json --dev "$dev" --heldout tests/SupportBot.Tests/TestData/faq-paraphrases.jsonl "$@"
