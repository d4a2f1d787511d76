#!/usr/bin/env bash
# Inbox latency: time from a message reaching the mail server until the inbox watcher hands it to
# the handler, p50/p99, for polling, IDLE with the NOOP heartbeat, and IDLE alone, against smtp4dev
# (which announces new mail ~30 s late) and a throwaway Dovecot (which announces it at once).
# Starts its own PostgreSQL, smtp4dev and Dovecot on free loopback ports; takes about 8 minutes.
# Usage: bench/run-inbox-latency.sh   (BENCH_MESSAGES=200, BENCH_SCENARIOS=dovecot-poll,dovecot-idle-noop,...)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dovecot >/dev/null; then
  [ "$(id -u)" = 0 ] || sb_die "Dovecot is missing and we are not root: apt-get install dovecot-imapd"
  sb_log "installing Dovecot (Debian package dovecot-imapd)"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null \
    || sb_die "could not install dovecot-imapd"
fi

work=$(mktemp -d /tmp/supportbot-bench.XXXXXX)
chmod 755 "$work"
cleanup() {
  set +e
  [ -f "$work/dovecot/run/master.pid" ] && kill "$(cat "$work/dovecot/run/master.pid")" 2>/dev/null
  sb_smtp4dev_stop
  sb_pg_stop "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A Dovecot of our own: its own config, loopback only, one passwd-file user, a maildir in $work.
# The mail belongs to "nobody" so the same config works whoever runs the script as root.
start_dovecot() {
  local dir=$1 port=$2
  mkdir -p "$dir/run" "$dir/state" "$dir/mail"
  chown nobody:nogroup "$dir/mail" 2>/dev/null || true
  echo "support:{PLAIN}support" >"$dir/passwd"
  cat >"$dir/dovecot.conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $dir/run
state_dir = $dir/state
instance_name = supportbot-bench-$port
log_path = $dir/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = 1
mail_location = maildir:$dir/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$dir/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
CONF
  dovecot -c "$dir/dovecot.conf" || { cat "$dir/dovecot.log" >&2; sb_die "Dovecot did not start"; }
  sb_wait_port "$port" 10 "Dovecot IMAP" || { cat "$dir/dovecot.log" >&2; return 1; }
}

sb_log "restoring tools and building the benchmark"
dotnet tool restore >/dev/null
dotnet build bench/inbox-latency/InboxLatency.csproj -c Release -warnaserror -nologo -v q -clp:NoSummary

pg_port=$(sb_free_port); smtp_port=$(sb_free_port); imap_port=$(sb_free_port); web_port=$(sb_free_port); dovecot_port=$(sb_free_port)
sb_log "PostgreSQL $pg_port, smtp4dev SMTP $smtp_port IMAP $imap_port, Dovecot IMAP $dovecot_port"
SB_PG_FSYNC=off sb_pg_start "$work/pg" "$pg_port"
sb_pg_create_db "$pg_port" supportbot_bench
# smtp4dev keeps 100 messages per mailbox by default: a 30 s poll could find the oldest gone.
ServerOptions__NumberOfMessagesToKeep=5000 sb_smtp4dev_start "$work/smtp4dev" "$smtp_port" "$imap_port" "$web_port" ""
start_dovecot "$work/dovecot" "$dovecot_port"

mkdir -p bench/results
export BENCH_PG="Host=127.0.0.1;Port=$pg_port;Database=supportbot_bench;Username=postgres"
export BENCH_SMTP4DEV_SMTP=$smtp_port BENCH_SMTP4DEV_IMAP=$imap_port BENCH_DOVECOT_IMAP=$dovecot_port
export BENCH_OUT=${BENCH_OUT:-bench/results/inbox-latency-$(date -u +%Y%m%dT%H%M%SZ).md}
dotnet bench/inbox-latency/bin/Release/net10.0/SupportBot.Bench.InboxLatency.dll
sb_log "results in $BENCH_OUT"
