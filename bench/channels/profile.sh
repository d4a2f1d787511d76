#!/usr/bin/env bash
# Where our bot's CPU goes during an /api/messages load: samples the bot with perf while
# channels-bench runs, then attributes every sample to the components on its stack.
# Usage (from run-channels.sh with BENCH_PROFILE=1): profile.sh BOT_PID OUT_DIR DELAY SECONDS LOADGEN_COMMAND...
# samples SECONDS long, DELAY seconds after the load starts (past its priming, so JIT is not counted).
# The bot must run with DOTNET_PerfMapEnabled=1 so that JIT-compiled frames have names.
set -euo pipefail
bot_pid=$1 out=$2 delay=$3 seconds=$4
shift 4
command -v perf >/dev/null || { echo "profile: perf is not installed (apt-get install linux-perf); skipped" >&2; exit 0; }

data=$out/perf-supportbot.data
"$@" | grep -E '^round' &
load_pid=$!
sleep "$delay"
perf record -F 199 -g -p "$bot_pid" -o "$data" -- sleep "$seconds" >/dev/null 2>"$out/perf-record.log" || true
wait "$load_pid" || true

# One sample = a header line and its frames, leaf first; a component counts once per sample
# when any frame of the stack belongs to it (inclusive), and "self" goes to the leaf's component.
perf script -i "$data" -F comm,tid,ip,sym,dso 2>/dev/null | awk '
  function component(frame) {
    if (frame ~ /Npgsql/) return "Npgsql (PostgreSQL client)"
    if (frame ~ /Dapper/) return "Dapper"
    if (frame ~ /Faq(Matcher|TextAnalyzer|Knowledge)|TypoCorrector|LearnerVocabulary|Lucene/) return "FAQ matching (pure CPU)"
    if (frame ~ /System\.Net\.Http|SocketsHttpHandler/) return "HttpClient (reply to the Connector)"
    if (frame ~ /Microsoft\.Extensions\.Http|Polly|Resilience/) return "HttpClient pipeline (resilience, factory)"
    if (frame ~ /OpenTelemetry|System\.Diagnostics\.(Activity|DiagnosticListener|Metrics)/) return "tracing and metrics"
    if (frame ~ /Microsoft\.Extensions\.Logging/) return "logging"
    if (frame ~ /System\.Text\.Json/) return "System.Text.Json"
    if (frame ~ /Microsoft\.AspNetCore/) return "ASP.NET Core (Kestrel, routing)"
    if (frame ~ /SupportBot\./) return "SupportBot code (other)"
    if (frame ~ /libclrjit/) return "JIT"
    if (frame ~ /gc_heap|GCHeap|WKS::|SVR::|libcoreclr.*[Gg]c/) return "GC"
    if (frame ~ /kernel\.kallsyms|\[unknown\].*\(\[kernel/) return "kernel (sockets, scheduling)"
    return ""
  }
  function flush(   c) {
    if (n == 0) return
    total++
    delete seen
    for (i = 1; i <= n; i++) { c = component(frames[i]); if (c != "" && !(c in seen)) { seen[c] = 1; inclusive[c]++ } }
    c = component(frames[1]); if (c == "") c = "other (runtime, libc)"
    self[c]++
    n = 0
  }
  /^[^ \t]/ { flush(); next }
  /^[ \t]*$/ { flush(); next }
  { frames[++n] = $0 }
  END {
    flush()
    if (total == 0) { print "profile: no samples"; exit }
    printf "perf samples of our bot: %d\n\n| component | inclusive %% | self %% |\n| --- | ---: | ---: |\n", total
    for (c in inclusive) rows[c] = 1
    for (c in self) rows[c] = 1
    for (c in rows) printf "| %s | %.1f | %.1f |\n", c, 100 * inclusive[c] / total, 100 * self[c] / total | "sort -t\"|\" -k3 -rn"
  }' | tee "$out/profile-supportbot.md"

echo
echo "top leaf symbols:"
perf report -i "$data" --stdio --no-children --sort sym 2>/dev/null | grep -E "^ +[0-9]" | sed -n 1,25p | tee -a "$out/profile-supportbot.md" || true
