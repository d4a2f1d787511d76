#!/usr/bin/env bash
# Script test of ./run.sh as a new user runs it: `git clone` into a private folder (mode 0700, as
# mktemp -d makes, like /root) whose path holds a space, ./run.sh on free ports until /healthz is
# Healthy, then kill -TERM: the bot, smtp4dev and PostgreSQL must all be gone, every port free.
# Uses what is already built here (./run.sh --no-build), so it costs start-up time only.
# Last line: "run.sh from any folder: ok" or "run.sh from any folder: FAILED (why)"; exit 1 on failure.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
source "$repo/scripts/lib.sh"

work=$(mktemp -d /tmp/supportbot-anywhere.XXXXXX)   # 0700
clone="$work/my clone"
run_pid= pgdir=
fail() { echo "run.sh from any folder: FAILED ($*)"; [ -f "$work/run.log" ] && tail -15 "$work/run.log" | sed 's/^/    run.sh: /'; exit 1; }
cleanup() {
  set +e
  [ -n "$run_pid" ] && kill -TERM "$run_pid" 2>/dev/null && wait "$run_pid" 2>/dev/null
  [ -n "$pgdir" ] && [ -d "$pgdir" ] && { sb_pg_stop "$pgdir"; rm -rf "$pgdir"; }
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(stat -c %a "$work")" = 700 ] || fail "mktemp -d did not make a 0700 folder"
git clone -q "$repo" "$clone" || fail "git clone"
for project in src/Bot src/Cli; do
  [ -d "$repo/$project/bin/Debug" ] || fail "$project is not built (run dotnet build first)"
  mkdir -p "$clone/$project/bin"
  cp -a "$repo/$project/bin/Debug" "$clone/$project/bin/"
done

for name in HTTP PG SMTP IMAP MAILVIEW; do export "SUPPORTBOT_${name}_PORT=$(sb_free_port)"; done
ports="$SUPPORTBOT_HTTP_PORT $SUPPORTBOT_PG_PORT $SUPPORTBOT_SMTP_PORT $SUPPORTBOT_IMAP_PORT $SUPPORTBOT_MAILVIEW_PORT"
started=$(date +%s)
(cd / && exec "$clone/run.sh" --no-build) >"$work/run.log" 2>&1 &
run_pid=$!

healthy=
for _ in $(seq 1800); do
  kill -0 "$run_pid" 2>/dev/null || fail "run.sh stopped before the bot was healthy"
  if curl -fs "http://127.0.0.1:$SUPPORTBOT_HTTP_PORT/healthz" 2>/dev/null | grep -q '"status":"Healthy"'; then healthy=1; break; fi
  sleep 0.2
done
[ -n "$healthy" ] || fail "/healthz not Healthy within 360 s"
up=$(( $(date +%s) - started ))
if [ "$(id -u)" = 0 ]; then
  # Root: PostgreSQL runs as postgres, who cannot enter the 0700 folder: its cluster lives where it can.
  [ -f "$clone/.data/pg/LOCATION" ] || fail "as root, the cluster was not moved where postgres can reach it"
  pgdir=$(sed 's/^.*: //' "$clone/.data/pg/LOCATION")
else
  pgdir="$clone/.data/pg"
fi

kill -TERM "$run_pid"
for _ in $(seq 300); do kill -0 "$run_pid" 2>/dev/null || break; sleep 0.2; done
kill -0 "$run_pid" 2>/dev/null && fail "run.sh still running 60 s after kill -TERM"
wait "$run_pid" 2>/dev/null || true
run_pid=
for port in $ports; do
  sb_port_busy "$port" && fail "port $port still in use after kill -TERM"
done
left=$(ps -eo pid=,args= | grep -F -- "$clone" | grep -v grep || true)
[ -z "$left" ] && left=$(ps -eo pid=,args= | grep -F -- "$pgdir/data" | grep -v grep || true)
[ -z "$left" ] || fail "processes left after kill -TERM: $left"
[ ! -f "$pgdir/data/postmaster.pid" ] || fail "PostgreSQL's postmaster.pid is still there"
grep -q "stopped; data kept" "$work/run.log" || fail "run.sh did not say it stopped"
echo "run.sh from any folder: ok (clone in a 0700 folder with a space, as $(id -un); healthy after ${up} s; kill -TERM stopped the bot, smtp4dev and PostgreSQL)"
