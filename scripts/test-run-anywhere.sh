#!/usr/bin/env bash
# Script test of ./run.sh as a new user runs it: `git clone` into a private folder (mode 0700, as
# mktemp -d makes, like /root) whose path holds a space, ./run.sh on free ports until /healthz is
# Healthy, then kill -TERM (or, with INT, SIGINT to its process group: what Ctrl-C in a terminal
# sends): the bot, smtp4dev and PostgreSQL must all be gone, every port free.
# With `nonroot` (when run as root): the same as a throwaway user without privileges, in its 0700
# home; PostgreSQL then runs as that user. The user and its home are removed afterwards.
# Usage: scripts/test-run-anywhere.sh [TERM|INT] [nonroot]
# Uses what is already built here (./run.sh --no-build), so it costs start-up time only.
# Last line: "run.sh from any folder: ok" or "run.sh from any folder: FAILED (why)"; exit 1 on failure.
set -euo pipefail
signal=${1:-TERM}
mode=${2:-self}
case "$signal:$mode" in TERM:self | INT:self | TERM:nonroot | INT:nonroot) ;; *) echo "usage: $0 [TERM|INT] [nonroot]" >&2; exit 2 ;; esac
how=$([ "$signal" = INT ] && echo "Ctrl-C (SIGINT to its process group)" || echo "kill -TERM")
repo=$(cd "$(dirname "$0")/.." && pwd)
source "$repo/scripts/lib.sh"

user= run_as=()
if [ "$mode" = nonroot ] && [ "$(id -u)" = 0 ]; then
  user="sbrun$$"
  useradd --create-home --home-dir "/home/$user" --shell /bin/bash "$user" || { echo "run.sh from any folder: FAILED (useradd $user)"; exit 1; }
  work="/home/$user"
  chmod 700 "$work"
  # setpriv execs run.sh itself (no su/runuser process in between), so the signals reach it as a
  # terminal would send them.
  run_as=(setpriv "--reuid=$user" "--regid=$user" --init-groups env "HOME=$work" "USER=$user" "LOGNAME=$user")
else
  work=$(mktemp -d /tmp/supportbot-anywhere.XXXXXX)   # 0700
fi
clone="$work/my clone"
run_pid= pgdir=
fail() { echo "run.sh from any folder: FAILED ($*)"; [ -f "$work/run.log" ] && tail -15 "$work/run.log" | sed 's/^/    run.sh: /'; exit 1; }
cleanup() {
  set +e
  [ -n "$run_pid" ] && kill -TERM "$run_pid" 2>/dev/null && wait "$run_pid" 2>/dev/null
  [ -n "$pgdir" ] && [ -d "$pgdir" ] && { sb_pg_stop "$pgdir"; rm -rf "$pgdir"; }
  if [ -n "$user" ]; then pkill -KILL -u "$user" 2>/dev/null; sleep 0.5; userdel --remove "$user" 2>/dev/null; fi
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
[ -z "$user" ] || chown -R "$user:$user" "$work"
runner=${user:-$(id -un)}

for name in HTTP PG SMTP IMAP MAILVIEW; do export "SUPPORTBOT_${name}_PORT=$(sb_free_port)"; done
ports="$SUPPORTBOT_HTTP_PORT $SUPPORTBOT_PG_PORT $SUPPORTBOT_SMTP_PORT $SUPPORTBOT_IMAP_PORT $SUPPORTBOT_MAILVIEW_PORT"
started=$(date +%s)
# Job control: run.sh gets its own process group, as in a terminal, and SIGINT is not ignored
# (without it bash starts background commands with SIGINT ignored, and run.sh could not trap it).
set -m
# env --default-signal=INT: a terminal's Ctrl-C reaches a shell that has not inherited SIGINT as ignored, which a
# CI runner started in the background (nohup ... &) hands down, and bash cannot trap a signal ignored at its start.
(cd / && exec "${run_as[@]}" env --default-signal=INT "$clone/run.sh" --no-build) >"$work/run.log" 2>&1 &
run_pid=$!
set +m

healthy=
for _ in $(seq 1800); do
  kill -0 "$run_pid" 2>/dev/null || fail "run.sh stopped before the bot was healthy"
  if curl -fs "http://127.0.0.1:$SUPPORTBOT_HTTP_PORT/healthz" 2>/dev/null | grep -q '"status":"Healthy"'; then healthy=1; break; fi
  sleep 0.2
done
[ -n "$healthy" ] || fail "/healthz not Healthy within 360 s"
up=$(( $(date +%s) - started ))
if [ "$(id -u "$runner")" = 0 ]; then
  # Root: PostgreSQL runs as postgres, who cannot enter the 0700 folder: its cluster lives where it can.
  [ -f "$clone/.data/pg/LOCATION" ] || fail "as root, the cluster was not moved where postgres can reach it"
  pgdir=$(sed 's/^.*: //' "$clone/.data/pg/LOCATION")
else
  pgdir="$clone/.data/pg"
fi

if [ "$signal" = INT ]; then kill -INT -- "-$run_pid"; else kill -TERM "$run_pid"; fi
for _ in $(seq 300); do kill -0 "$run_pid" 2>/dev/null || break; sleep 0.2; done
kill -0 "$run_pid" 2>/dev/null && fail "run.sh still running 60 s after $how"
wait "$run_pid" 2>/dev/null || true
run_pid=
for port in $ports; do
  sb_port_busy "$port" && fail "port $port still in use after $how"
done
left=$(ps -eo pid=,args= | grep -F -- "$clone" | grep -v grep || true)
[ -z "$left" ] && left=$(ps -eo pid=,args= | grep -F -- "$pgdir/data" | grep -v grep || true)
[ -z "$left" ] || fail "processes left after $how: $left"
[ ! -f "$pgdir/data/postmaster.pid" ] || fail "PostgreSQL's postmaster.pid is still there"
grep -q "stopped; data kept" "$work/run.log" || fail "run.sh did not say it stopped"
echo "run.sh from any folder: ok (clone in a 0700 folder with a space, as $runner$([ "$(id -u "$runner")" = 0 ] || echo ", not root"); healthy after ${up} s; $how stopped the bot, smtp4dev and PostgreSQL)"
