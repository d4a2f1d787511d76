#!/usr/bin/env bash
# Throughput: a campaign to 100,000 learners into the SMTP sink, side by side with the sink's raw
# rate from a plain MailKit loop (one connection) in the same run. Prints both rates, their ratio
# (target >= 0.8) and the worker's peak memory.
# Usage: bench/campaign-throughput.sh [learners=100000] [raw messages=20000]
source "$(dirname "$0")/campaign-lib.sh"
learners=${1:-100000}
raw=${2:-20000}
export SUPPORTBOT__Jobs__WorkerCount=${WORKERS:-8} SUPPORTBOT__Campaigns__BatchSize=1000 SUPPORTBOT__Campaigns__ChunkSize=100
export SUPPORTBOT__Campaigns__AudiencePageSize=5000

cb_build
cb_start
cb_sink_start
sb_log "raw MailKit loop: $raw messages over one connection"
raw_rate=$("${bench[@]}" raw "$smtp_port" "$raw")
cb_sink_stop; : > "$sink_log"; cb_sink_start
cb_learners "$learners"
campaign=$(cb_campaign | tail -1)
sb_log "campaign $campaign to $learners learners"
started=$(date +%s.%N)
cb_worker_start
peak=0
for _ in $(seq 3600); do
  kb=$(awk '/VmHWM/ {print $2}' "/proc/$worker_pid/status" 2>/dev/null || echo 0)
  [ "${kb:-0}" -gt "$peak" ] && peak=$kb
  [ "$(cb_sent)" -ge "$learners" ] && break
  sleep 1
done
finished=$(date +%s.%N)
kb=$(awk '/VmHWM/ {print $2}' "/proc/$worker_pid/status" 2>/dev/null || echo 0)
[ "${kb:-0}" -gt "$peak" ] && peak=$kb
cb_worker_kill
campaign_rate=$("${bench[@]}" rate "$sink_log")
"${bench[@]}" count "$sink_log" "$learners" | tail -1
awk -v r="$raw_rate" -v c="$campaign_rate" -v s="$started" -v f="$finished" -v n="$learners" -v p="$peak" 'BEGIN {
  printf "raw MailKit loop: %d msg/s; campaign (sending phase): %d msg/s; ratio %.2fx (target >= 0.8x)\n", r, c, c / r
  printf "end to end from worker start (includes the first minute tick and resolving the audience): %d msg/s over %.0f s\n", n / (f - s), f - s
  printf "worker peak memory (VmHWM): %d MB\n", p / 1024
}'
