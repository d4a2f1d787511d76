#!/usr/bin/env python3
"""Writes the written pairs (tests/SupportBot.Tests/TestData/similar-questions*.jsonl) and the demo activity
(demo/activity.json) in the bench's format, so SimilarBench sets its candidate rules side by side on them too.
Per module, the history is every pair's earlier question and the demo's answered questions (with their answers);
the later questions are the pairs' later ones and the demo's miss-cluster queries (nobody answered those, so any
offer for them is wrong). Usage: bench/similar/written_to_bench.py PAIRS.jsonl OUT_FOLDER"""
import json, os, sys

pairs_path, out = sys.argv[1], sys.argv[2]
root = os.path.join(os.path.dirname(__file__), "..", "..")
pairs = [json.loads(l) for l in open(pairs_path, encoding="utf-8") if l.strip()]
demo = json.load(open(os.path.join(root, "demo", "activity.json"), encoding="utf-8"))
history, later = {}, []
for i, p in enumerate(pairs):
    history.setdefault(p["module"], []).append({"id": f"p{i}", "language": p["language"], "text": p["earlier"], "answer": None})
    later.append({"module": p["module"], "language": p["language"], "text": p["later"], "duplicate_of": f"p{i}" if p["duplicate"] else None})
for q in demo["questions"]:
    if q["answers"] and q["module"] in history:
        history[q["module"]].append({"id": q["key"], "language": q["language"], "text": q["text"], "answer": q["answers"][0]["text"]})
for c in demo["missClusters"]:
    for text in c["queries"]:
        for module in history:
            later.append({"module": module, "language": c["language"], "text": text, "duplicate_of": None})
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "modules.jsonl"), "w", encoding="utf-8") as f:
    for module, h in history.items():
        f.write(json.dumps({"module": module, "title": module, "history": h}, ensure_ascii=False) + "\n")
with open(os.path.join(out, "later.jsonl"), "w", encoding="utf-8") as f:
    for l in later:
        f.write(json.dumps(l, ensure_ascii=False) + "\n")
