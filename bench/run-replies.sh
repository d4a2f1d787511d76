#!/usr/bin/env bash
# Reply extraction: exact-match rate on a directory of cases, and hostile HTML against flat HTML.
# Usage: bench/run-replies.sh score DIR      (NNN.eml or NNN.txt + NNN.expected.txt [+ manifest.jsonl])
#        bench/run-replies.sh html [--mb 0.25,1,2.4] [--rounds 3] [--timeout 120]
# Prints rates and timings only, never a message: a blind set can be scored without being read.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build bench/replies/SupportBot.Bench.Replies.csproj -c Release -warnaserror -nologo -v q -clp:NoSummary >/dev/null
exec dotnet bench/replies/bin/Release/net10.0/SupportBot.Bench.Replies.dll "$@"
