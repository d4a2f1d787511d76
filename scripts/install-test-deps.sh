#!/usr/bin/env bash
# What the tests need beyond the .NET SDK, installed once per machine; ./test.sh calls it.
#   - tests/conformance: the official botframework-directlinejs (and ws, xhr2 for Node 20), from package-lock.json
#   - tests/playground: Microsoft 365 Agents Playground (@microsoft/m365agentsplayground, pinned), the Teams client of tests/SupportBot.BrowserTests/Teams
#   - Chromium for tests/SupportBot.BrowserTests (Playwright drives /usr/bin/chromium; no browser download)
#   - the FAQ matcher's thesauri (Debian mythes-en-us, mythes-fr)
#   - Dovecot for the mail OAuth tests (tests/SupportBot.IntegrationTests/Email)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

# npm ci wipes node_modules: run it only when the lock file changed since the last install.
for folder in tests/conformance tests/playground; do
  if ! cmp -s "$folder/package-lock.json" "$folder/node_modules/.supportbot-installed-lock.json"; then
    command -v npm >/dev/null || sb_die "npm is missing: install Node.js 20 (apt-get install nodejs npm)"
    sb_log "installing $folder (npm ci)"
    (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$folder/package-lock.json" "$folder/node_modules/.supportbot-installed-lock.json"
  fi
done

if [ ! -x /usr/bin/chromium ]; then
  [ "$(id -u)" = 0 ] || sb_die "/usr/bin/chromium is missing and we are not root: apt-get install chromium"
  sb_log "installing Chromium (Debian package chromium)"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || sb_die "could not install chromium"
fi

# Dovecot (IMAP and submission checking OAuth bearer tokens, as Microsoft 365 and Gmail do) for tests/.../Email.
if [ ! -x /usr/sbin/dovecot ] || [ ! -x /usr/lib/dovecot/submission ]; then
  [ "$(id -u)" = 0 ] || sb_die "Dovecot is missing and we are not root: apt-get install dovecot-imapd dovecot-submissiond"
  sb_log "installing Dovecot (Debian packages dovecot-imapd, dovecot-submissiond)"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd dovecot-submissiond >/dev/null \
    || sb_die "could not install dovecot"
fi

sb_ensure_faq_thesauri
