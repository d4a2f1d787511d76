#!/usr/bin/env bash
# Study group matching: StudyGroupMatcher against a first-fit baseline on the same synthetic module
# of 5,000 opted-in learners (Paris, London, Réunion, Martinique, Guyane, Nouméa; fr/en; sizes 3-6),
# in one run: wall time (median and max of several runs), learners placed, shared hours per group.
# Needs no server. Usage: bench/run-studygroups.sh [--learners 5000] [--seed 8] [--runs 9]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

sb_log "building the benchmark (Release)"
dotnet build bench/studygroups/SupportBot.Bench.StudyGroups.csproj -c Release -warnaserror -nologo -v q -clp:NoSummary >/dev/null

dotnet bench/studygroups/bin/Release/net10.0/SupportBot.Bench.StudyGroups.dll --out bench/results/studygroups.md "$@"
