#!/usr/bin/env bash
# "A peer already answered a similar question" (#14): precision and recall of the offer on held-out
# module histories (bench/similar/heldout, written blind by a helper who read no code; rates only).
# Usage: bench/run-similar.sh [FOLDER [--part calibration|test|whole|all]]   (default bench/similar/heldout, all parts)
# Choosing a rule or a floor, read the calibration part alone: --part calibration.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
sb_ensure_faq_thesauri
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build bench/similar/SimilarBench/SimilarBench.csproj -c Release -warnaserror -nologo -v q -clp:NoSummary >/dev/null
dotnet bench/similar/SimilarBench/bin/Release/net10.0/SupportBot.SimilarBench.dll "${1:-bench/similar/heldout}" "${@:2}"
