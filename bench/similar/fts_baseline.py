# PostgreSQL full-text baseline for similar questions (#14 item 5), to compare with the FAQ-matcher index
# (tests/SupportBot.Tests/Routing/SimilarQuestionsTests). Run from the repository root against any
# PostgreSQL: python3 bench/similar/fts_baseline.py PORT (user postgres on 127.0.0.1). Prints offers,
# relevant offers and duplicates caught per ts_rank floor (french/english configurations, OR of the
# query lexemes, normalisation 32), the index holding every pair's earlier question and the demo's answered ones.
import json, subprocess, sys
port = sys.argv[1]
def load(f):
    return [json.loads(l) for l in open(f) if l.strip()]
demo = json.load(open('./demo/activity.json'))
demo_answered = [(q['module'], q['language'], q['text'], 'demo-'+q['key']) for q in demo['questions'] if q['answers']]
def sql_str(s): return "'" + s.replace("'", "''") + "'"
def run(file, floors):
    pairs = load(file)
    rows = []
    for i, p in enumerate(pairs):
        rows.append((p['module'], p['language'], p['earlier'], 'pair-%d' % i))
    rows += demo_answered
    values = ",".join("(%s,%s,%s,%s)" % (sql_str(m), sql_str(l), sql_str(t), sql_str(k)) for m, l, t, k in rows)
    queries = ",".join("(%s,%s,%s,%d)" % (sql_str(p['module']), sql_str(p['language']), sql_str(p['later']), i) for i, p in enumerate(pairs))
    sql = f"""
    WITH earlier(module, lang, text, key) AS (VALUES {values}),
         q(module, lang, text, i) AS (VALUES {queries}),
         scored AS (
           SELECT q.i, e.key, ts_rank(to_tsvector(CASE WHEN e.lang='en' THEN 'english' ELSE 'french' END::regconfig, e.text),
                  NULLIF(replace(plainto_tsquery(CASE WHEN q.lang='en' THEN 'english' ELSE 'french' END::regconfig, q.text)::text, '&', '|'), '')::tsquery, 32) AS r
           FROM q JOIN earlier e ON e.module = q.module)
    SELECT i, key, r FROM (SELECT i, key, r, row_number() OVER (PARTITION BY i ORDER BY r DESC) n FROM scored WHERE r > 0) x WHERE n <= 2 ORDER BY i, r DESC;
    """
    out = subprocess.run(['psql', '-h', '127.0.0.1', '-p', port, '-U', 'postgres', '-At', '-F', '\t', '-c', sql], capture_output=True, text=True)
    if out.returncode: print(out.stderr); sys.exit(1)
    found = {}
    for line in out.stdout.splitlines():
        i, key, r = line.split('\t'); found.setdefault(int(i), []).append((key, float(r)))
    dups = sum(1 for p in pairs if p['duplicate'])
    for floor in floors:
        offered = relevant = 0
        for i, p in enumerate(pairs):
            offers = [k for k, r in found.get(i, []) if r >= floor]
            offered += len(offers)
            if p['duplicate'] and ('pair-%d' % i) in offers: relevant += 1
        print(f"{file.split('/')[-1]} floor {floor:.3f}: {offered} offers, {relevant} relevant, {relevant}/{dups} caught")
floors = [0.02, 0.025, 0.03, 0.035, 0.04, 0.045, 0.05]
run('./tests/SupportBot.Tests/TestData/similar-questions-tuning.jsonl', floors)
run('./tests/SupportBot.Tests/TestData/similar-questions.jsonl', floors)
