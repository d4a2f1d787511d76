#!/usr/bin/env bash
# FAQ matcher against plain BM25 and PostgreSQL full-text search, in one run, on a throwaway PostgreSQL cluster:
# accuracy on every evaluation set (dev, public, blind held-out), then speed.
# Usage: bench/run-faq.sh [--rounds N] [--accuracy-only true] [--gloss false]   (prints the markdown tables that bench/README.md quotes;
#        --gloss false: French read as typed, not through its English gloss, Faq:Embeddings:GlossFrench=false)
#        bench/run-faq.sh --band-curve dump.jsonl [--band-features "0-41;0-43"]: the learned band on each blind set left out, per
#        feature set, from a dump written by --learn true --learn-dump (BandCurve; seconds instead of reading every set again)
# FAQ_BENCH_DLL=path/to/SupportBot.Bench.dll runs an already built bench (e.g. a copy built from an older commit).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
sb_ensure_faq_thesauri

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

dll=${FAQ_BENCH_DLL:-}
if [ -z "$dll" ]; then
  sb_log "building the benchmark (Release)"
  dotnet build bench/faq/SupportBot.Bench.csproj -c Release -warnaserror -nologo -v q -clp:NoSummary >/dev/null
  dll=bench/faq/bin/Release/net10.0/SupportBot.Bench.dll
fi

pg_port=$(sb_free_port)
sb_log "PostgreSQL on $pg_port"
SB_PG_FSYNC=off sb_pg_start "$work/pg" "$pg_port"

dev=/work/shared/faq/dev-queries.jsonl
[ -f "$dev" ] || dev=tests/SupportBot.Tests/TestData/faq-dev-queries.jsonl
paraphrases=tests/SupportBot.Tests/TestData/faq-paraphrases.jsonl
heldout=bench/faq/heldout
# Each set: name=knowledge base,labelled questions. A missing file skips its set with a note on stderr.
dotnet "$dll" \
  --pg "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=false" \
  --kb demo/demo-kb.json --dev "$dev" --heldout "$paraphrases" \
  --set "dev=demo/demo-kb.json,$dev" \
  --set "paraphrases=demo/demo-kb.json,$paraphrases" \
  --set "public StackFAQ=bench/faq/public/stackfaq-kb.json,bench/faq/public/stackfaq-queries.jsonl" \
  --set "blind demo=demo/demo-kb.json,$heldout/demo/queries.jsonl" \
  --set "blind kb2=$heldout/kb2/kb.json,$heldout/kb2/queries.jsonl" \
  --set "blind demo2=demo/demo-kb.json,$heldout/demo2/queries.jsonl" \
  --set "blind kb3=$heldout/kb3/kb.json,$heldout/kb3/queries.jsonl" \
  --set "blind kb4=$heldout/kb4/kb.json,$heldout/kb4/queries.jsonl" \
  --set "blind kb5=$heldout/kb5/kb.json,$heldout/kb5/queries.jsonl" \
  --set "blind demo3=demo/demo-kb.json,$heldout/demo3/queries.jsonl" \
  --set "blind kb6=$heldout/kb6/kb.json,$heldout/kb6/queries.jsonl" \
  --set "blind demo4=demo/demo-kb.json,$heldout/demo4/queries.jsonl" \
  --set "blind kb7=$heldout/kb7/kb.json,$heldout/kb7/queries.jsonl" \
  --set "blind kb8=$heldout/kb8/kb.json,$heldout/kb8/queries.jsonl" \
  --set "blind kb9=$heldout/kb9/kb.json,$heldout/kb9/queries.jsonl" \
  --set "blind kb10=$heldout/kb10/kb.json,$heldout/kb10/queries.jsonl" \
  --set "blind kb11=$heldout/kb11/kb.json,$heldout/kb11/queries.jsonl" \
  --set "blind kb12=$heldout/kb12/kb.json,$heldout/kb12/queries.jsonl" \
  --set "blind kb13=$heldout/kb13/kb.json,$heldout/kb13/queries.jsonl" \
  --set "blind kb14=$heldout/kb14/kb.json,$heldout/kb14/queries.jsonl" \
  --set "blind kb15=$heldout/kb15/kb.json,$heldout/kb15/queries.jsonl" \
  --set "blind kb16=$heldout/kb16/kb.json,$heldout/kb16/queries.jsonl" \
  --set "blind kb17=$heldout/kb17/kb.json,$heldout/kb17/queries.jsonl" \
  --set "blind kb18=$heldout/kb18/kb.json,$heldout/kb18/queries.jsonl" \
  --set "blind demo5=demo/demo-kb.json,$heldout/demo5/queries.jsonl" \
  --set "blind kb19=$heldout/kb19/kb.json,$heldout/kb19/queries.jsonl" \
  --set "blind kb20=$heldout/kb20/kb.json,$heldout/kb20/queries.jsonl" \
  --set "blind kb21=$heldout/kb21/kb.json,$heldout/kb21/queries.jsonl" \
  --set "blind kb22=$heldout/kb22/kb.json,$heldout/kb22/queries.jsonl" \
  --set "blind kb23=$heldout/kb23/kb.json,$heldout/kb23/queries.jsonl" \
  --set "blind kb24=$heldout/kb24/kb.json,$heldout/kb24/queries.jsonl" \
  --set "blind kb25=$heldout/kb25/kb.json,$heldout/kb25/queries.jsonl" \
  "$@"
