#!/usr/bin/env bash
# Fault drill: a campaign to 10,000 learners while the worker is killed with kill -9 several times
# (restarted each time), then PostgreSQL is stopped as by a power cut (pg_ctl -m immediate) and
# restarted, then the SMTP server is down for 30 s. Every learner must get exactly one message.
# Last line: "N delivered, D duplicates, M missing"; exit 1 unless exact.
# Usage: bench/campaign-drill.sh [learners=10000] [kills=4]
source "$(dirname "$0")/campaign-lib.sh"
learners=${1:-10000}
kills=${2:-4}
# Short claims and requeue so a killed worker's work is taken over within the drill (the send-log
# lease too: a killed worker's message claims are "not yet" until it runs out), and outages retried
# every 10 s.
export SUPPORTBOT__Campaigns__ClaimTimeout=00:00:20 SUPPORTBOT__Campaigns__RequeueAfter=00:00:30
export SUPPORTBOT__Delivery__ClaimLease=00:00:30 SUPPORTBOT__Delivery__OutageRetryEvery=00:00:10
export SUPPORTBOT__Campaigns__BatchSize=250 SUPPORTBOT__Campaigns__ChunkSize=25 SUPPORTBOT__Jobs__WorkerCount=4
# Throttled so the sending lasts long enough to be interrupted several times.
export SUPPORTBOT__Campaigns__MaxPerMinute=${DRILL_MAX_PER_MINUTE:-30000}

cb_build
cb_start
cb_sink_start
cb_learners "$learners"
campaign=$(cb_campaign | tail -1)
sb_log "campaign $campaign to $learners learners; part 1: kill -9 the worker $kills times while it sends"
cb_worker_start
for ((k = 1; k <= kills; k++)); do
  before=$(cb_sent)
  # Wait until it is really sending (at least 300 more messages), then kill it mid-flight.
  for _ in $(seq 600); do [ $(( $(cb_sent) - before )) -ge 300 ] && break; sleep 0.2; done
  sleep "0.$((RANDOM % 9))"
  cb_worker_kill
  sb_log "kill -9 #$k after $(cb_sent) received; restarting"
  cb_worker_start
done

part15=$(( learners / 2 ))
for _ in $(seq 1200); do [ "$(cb_sent)" -ge "$part15" ] && break; sleep 0.2; done
sb_log "PostgreSQL stopped as by a power cut (pg_ctl -m immediate) at $(cb_sent) received; restarted 3 s later"
cb_pg_crash 3

part2=$(( learners * 2 / 3 ))
for _ in $(seq 1200); do [ "$(cb_sent)" -ge "$part2" ] && break; sleep 0.2; done
sb_log "part 2: SMTP server down for 30 s at $(cb_sent) received"
cb_sink_stop
sleep 30
cb_sink_start
sb_log "SMTP server back; waiting for the campaign to finish"
cb_wait_done "$learners" 900 || true
sb_log "done after $SECONDS s"
sleep 1
cb_worker_kill
cb_psql "SELECT status, count(*) FROM supportbot.campaign_deliveries GROUP BY 1 ORDER BY 1" | sed 's/^/    deliveries: /'
"${bench[@]}" count "$sink_log" "$learners"
