# Shared by run.sh and test.sh: start and stop the local PostgreSQL cluster and smtp4dev.
# Sourced, not run. Every function prints one clear line on failure and returns non-zero.

SB_PGBIN=${SB_PGBIN:-/usr/lib/postgresql/15/bin}

sb_die() { echo "error: $*" >&2; exit 1; }

sb_log() { echo "==> $*"; }

# PostgreSQL 15 binaries, from Debian's package when the machine lacks them.
sb_ensure_postgres() {
  [ -x "$SB_PGBIN/initdb" ] && return 0
  sb_log "installing PostgreSQL 15 (Debian package postgresql-15)"
  [ "$(id -u)" = 0 ] || sb_die "PostgreSQL 15 binaries missing in $SB_PGBIN and not root: apt-get install postgresql-15"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null \
    || sb_die "could not install postgresql-15"
}

# The FAQ matcher's general word knowledge: the MyThes thesauri LibreOffice ships (mythes-en-us is
# WordNet-derived; MPL-2.0 / LGPL). Without them the matcher still runs, on the knowledge base's words alone.
# MyThes thesauri (synonyms) and FreeDict's French-English dictionary (the English gloss the sentence model reads
# for French text: src/Shared/Faq/FrenchGloss.cs; GPL data, read at run time, never copied into the repository).
sb_ensure_faq_thesauri() {
  [ -f /usr/share/mythes/th_en_US_v2.dat ] && [ -f /usr/share/mythes/thes_fr.dat ] \
    && [ -f /usr/share/dictd/freedict-fra-eng.index ] \
    && [ -f /usr/share/apertium/modes/fr-es.mode ] && [ -f /usr/share/apertium/modes/spa-eng.mode ] && return 0
  # Apertium (GPL, run as a program): French read for meaning through its translation too (FrenchTranslator).
  local packages="mythes-en-us mythes-fr dict-freedict-fra-eng apertium apertium-fr-es apertium-eng-spa"
  if [ "$(id -u)" != 0 ]; then
    echo "warning: FAQ thesauri, dictionary or translator missing in /usr/share/mythes, /usr/share/dictd, /usr/share/apertium and not root: apt-get install $packages" >&2
    return 0
  fi
  sb_log "installing the FAQ thesauri and dictionary (Debian packages $packages)"
  # shellcheck disable=SC2086
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null \
    || sb_die "could not install $packages"
}

# Runs a PostgreSQL binary as the postgres user when we are root (initdb refuses root).
sb_as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

sb_port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

sb_require_free_port() {
  local name=$1 port=$2
  if sb_port_busy "$port"; then
    echo "error: port $port ($name) is already in use; free it or set $name in run.env or the environment" >&2
    exit 1
  fi
}

sb_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

sb_wait_port() {
  local port=$1 seconds=$2 what=$3 i
  for ((i = 0; i < seconds * 10; i++)); do
    sb_port_busy "$port" && return 0
    sleep 0.1
  done
  echo "error: $what did not listen on port $port within ${seconds}s" >&2
  return 1
}

# sb_pg_dir WANTED: the folder the cluster meant for WANTED really lives in. Not root: WANTED
# itself (PostgreSQL runs as the invoking user). Root: the cluster runs as postgres, who must be
# able to enter every folder above it; a clone under /root or in a 0700 mktemp -d is not, so its
# cluster goes under postgres's own home (one folder per clone path, reused by the next run) and
# WANTED/LOCATION says where.
sb_pg_dir() {
  local wanted=$1 home dir
  sb_ensure_postgres
  mkdir -p "$wanted"
  if [ "$(id -u)" != 0 ]; then echo "$wanted"; return 0; fi
  chown postgres:postgres "$wanted"
  if runuser -u postgres -- test -x "$wanted" -a -w "$wanted" 2>/dev/null; then echo "$wanted"; return 0; fi
  home=$(getent passwd postgres | cut -d: -f6)
  [ -n "$home" ] && [ -d "$home" ] || sb_die "the postgres user cannot enter $wanted and has no home folder to keep the cluster in"
  dir="$home/supportbot/$(printf '%s' "$wanted" | sha256sum | cut -c1-16)"
  mkdir -p "$dir"
  chown postgres:postgres "$home/supportbot" "$dir"
  runuser -u postgres -- test -x "$dir" -a -w "$dir" 2>/dev/null \
    || sb_die "the postgres user can reach neither $wanted nor $dir (check the folders' permissions)"
  echo "PostgreSQL data for this folder (postgres cannot enter it): $dir" > "$wanted/LOCATION"
  echo "$dir"
}

# sb_pg_start ROOT PORT: a trust-auth cluster in ROOT/data bound to 127.0.0.1, reused if present.
# ROOT comes from sb_pg_dir. TCP only (no Unix socket: its path could hold spaces or be too long).
sb_pg_start() {
  local root=$1 port=$2
  sb_ensure_postgres
  mkdir -p "$root/data"
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$root"; fi
  chmod 700 "$root/data"
  if [ ! -f "$root/data/PG_VERSION" ]; then
    sb_as_pg "$SB_PGBIN/initdb" -D "$root/data" -U postgres --auth=trust -E UTF8 --no-locale >"$root/initdb.log" 2>&1 \
      || { tail -3 "$root/initdb.log" >&2; sb_die "initdb failed in $root/data (log: $root/initdb.log)"; }
  fi
  sb_as_pg "$SB_PGBIN/pg_ctl" -D "$root/data" -l "$root/postgres.log" -w -t 30 \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300 -c fsync=${SB_PG_FSYNC:-on}" \
    start >/dev/null || { tail -5 "$root/postgres.log" >&2; sb_die "PostgreSQL did not start (log: $root/postgres.log)"; }
}

sb_pg_stop() {
  local root=$1
  [ -f "$root/data/postmaster.pid" ] && sb_as_pg "$SB_PGBIN/pg_ctl" -D "$root/data" -m fast -w stop >/dev/null 2>&1
  return 0
}

# sb_pg_create_db PORT NAME: creates the database unless it exists.
sb_pg_create_db() {
  local port=$1 name=$2
  if ! "$SB_PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
    "$SB_PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$name"
  fi
}

# sb_smtp4dev_start DIR SMTP_PORT IMAP_PORT WEB_PORT DB: smtp4dev in its own process group.
# Mail to support+...@ lands in the "Support" mailbox, which the IMAP user "support" sees (e2e+...@: "E2E", user "e2e";
# teams+...@: "Teams", user "teams"; faults+...@: "Faults", user "faults");
# everything else (mail to peers, tutors, learners) lands in "Default".
# smtp4dev keeps only 100 messages per mailbox by default and prunes older ones while a test reads the list
# (a browser test got a 404 for a message it had just listed): a test run sends more than that.
sb_smtp4dev_start() {
  local dir=$1 smtp=$2 imap=$3 web=$4 db=${5:-}
  mkdir -p "$dir"
  # A second mailbox, e2e+...@, lets an end-to-end test watch an inbox no other test touches.
  ServerOptions__Mailboxes__0__Name=Support ServerOptions__Mailboxes__0__Recipients='support+*@*' \
  ServerOptions__Mailboxes__1__Name=E2E ServerOptions__Mailboxes__1__Recipients='e2e+*@*' \
  ServerOptions__Mailboxes__2__Name=Teams ServerOptions__Mailboxes__2__Recipients='teams+*@*' \
  ServerOptions__Mailboxes__3__Name=Faults ServerOptions__Mailboxes__3__Recipients='faults+*@*' \
  ServerOptions__Users__0__Username=support \
  ServerOptions__Users__0__Password=support \
  ServerOptions__Users__0__DefaultMailbox=Support \
  ServerOptions__Users__1__Username=e2e \
  ServerOptions__Users__1__Password=e2e \
  ServerOptions__Users__1__DefaultMailbox=E2E \
  ServerOptions__Users__2__Username=teams ServerOptions__Users__2__Password=teams ServerOptions__Users__2__DefaultMailbox=Teams \
  ServerOptions__Users__3__Username=faults ServerOptions__Users__3__Password=faults ServerOptions__Users__3__DefaultMailbox=Faults \
  setsid dotnet tool run smtp4dev -- --baseappdatapath="$dir" --db="$db" --smtpport="$smtp" --imapport="$imap" \
    --pop3port= --urls="http://127.0.0.1:$web" --tlsmode=None --bindaddress=127.0.0.1 --disableipv6 --messagestokeep=20000 \
    >"$dir/smtp4dev.log" 2>&1 &
  SB_SMTP4DEV_PID=$!
  sb_wait_port "$smtp" 60 "smtp4dev SMTP" && sb_wait_port "$imap" 30 "smtp4dev IMAP" \
    || { tail -20 "$dir/smtp4dev.log" >&2; return 1; }
}

sb_smtp4dev_stop() {
  [ -n "${SB_SMTP4DEV_PID:-}" ] || return 0
  kill -TERM -- "-$SB_SMTP4DEV_PID" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$SB_SMTP4DEV_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$SB_SMTP4DEV_PID" 2>/dev/null
  SB_SMTP4DEV_PID=
  return 0
}
