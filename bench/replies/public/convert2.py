# Rebuilds more public reply corpora (see README.md), same layout and split as convert.py; data only,
# nothing from the fetched repositories is run. Sources: github/email_reply_parser (Ruby),
# zapier/email-reply-parser and alfonsrv/mail-parser-reply (Python ports), snapshots brought with `fetch`
# into /work/.mirror/OWNER+NAME*/repo. A case is kept only when the test compares the whole visible
# reply with a literal: parse_reply(body) / .reply / replies[0].body == "...", or fragments[0] == "..."
# when every other fragment is asserted hidden. Everything else is counted as skipped, with a reason.
#   python3 bench/replies/public/convert2.py [OUT]      # default OUT=/tmp/corpora2
import ast, glob, hashlib, os, re, shutil, subprocess, sys
from collections import Counter

M = '/work/.mirror'
OUT = sys.argv[1] if len(sys.argv) > 1 else '/tmp/corpora2'
for old in glob.glob(f'{OUT}/*-tune') + glob.glob(f'{OUT}/*-heldout'):
    shutil.rmtree(old)
os.makedirs(OUT, exist_ok=True)

def gitdir(repo):  # /work/.mirror/OWNER+NAME[...]/repo, or the directory itself if it is the git dir
    for d in sorted(glob.glob(f'{M}/{repo}*')):
        for g in (f'{d}/repo', d):
            if subprocess.run(['git', '-C', g, 'rev-parse', 'HEAD'], capture_output=True).returncode == 0:
                return g
    sys.exit(f'no mirror for {repo} under {M}; fetch github:{repo.replace("+", "/")} first')
def show(repo, path):
    r = subprocess.run(['git', '-C', gitdir(repo), 'show', f'HEAD:{path}'], capture_output=True)
    return r.stdout if r.returncode == 0 else None
def commit(repo):
    return subprocess.run(['git', '-C', gitdir(repo), 'log', '-1', '--format=%H %cs'], capture_output=True, text=True).stdout.strip()
def licence(repo):
    t = (show(repo, 'LICENSE') or show(repo, 'LICENSE.txt') or show(repo, 'LICENSE.md') or b'').decode('utf-8', 'replace')
    if 'Permission is hereby granted, free of charge' in t: return 'MIT'
    if 'Apache License' in t: return 'Apache-2.0'
    if 'Redistribution and use in source and binary forms' in t: return 'BSD'
    return 'unknown'
def half(name):  # deterministic split: tune vs heldout by hash of the case name (as convert.py)
    return 'tune' if hashlib.sha1(name.encode()).digest()[0] % 2 == 0 else 'heldout'
def write(corpus, name, body, expected, ext='txt'):  # as convert.py
    d = f'{OUT}/{corpus}-{half(name)}'; os.makedirs(d, exist_ok=True)
    n = len([f for f in os.listdir(d) if f.endswith('.expected.txt')]) + 1
    cid = f'{n:03d}'
    open(f'{d}/{cid}.{ext}', 'wb').write(body if isinstance(body, bytes) else body.encode())
    open(f'{d}/{cid}.expected.txt', 'wb').write(expected if isinstance(expected, bytes) else expected.encode())
    with open(f'{d}/names.tsv', 'a') as f: f.write(f'{cid}\t{name}\n')

SEPARATOR = re.compile(r'^\s*[-_=]{7,}\s*$', re.M)  # an Outlook "-----" rule left in the asserted text
report = []

def record(corpus, repo, src, kept, skipped):
    report.append((corpus, repo, commit(repo), licence(repo), src, kept, skipped))

def keep(corpus, test, k, body, exp, skipped, kept):
    if SEPARATOR.search(exp):
        skipped[test] = 'asserted text keeps the quoted header\'s "-----" rule (parser artefact, not new text)'; return
    write(corpus, test if k == 1 else f'{test}#{k}', body, exp); kept.append(test)

# ---------------------------------------------------------------- 1. github/email_reply_parser (Ruby)
def ruby_string(s, i):
    """Ruby string literal starting at s[i] ('"' or "'"); returns (value, index after it)."""
    q = s[i]; i += 1; out = []
    esc = {'n': '\n', 't': '\t', 'r': '\r', 's': ' ', '0': '\0', 'e': '\x1b', 'a': '\a', 'b': '\b', 'f': '\f', 'v': '\v'}
    while s[i] != q:
        c = s[i]
        if c == '\\':
            d = s[i + 1]; i += 2
            if q == "'": out.append(d if d in "\\'" else '\\' + d)
            else: out.append(esc.get(d, d))
            continue
        if q == '"' and c == '#' and s[i + 1] == '{': raise ValueError('interpolation')
        out.append(c); i += 1
    return ''.join(out), i + 1
def ruby_value(s, i, env):  # a string literal or a local variable holding one
    if s[i] in '"\'': return ruby_string(s, i)
    m = re.match(r'\w+', s[i:])
    return (env.get(m.group()), i + m.end()) if m else (None, i)

def github():
    repo, corpus = 'github+email_reply_parser', 'github'
    src = show(repo, 'test/email_reply_parser_test.rb').decode()
    fix = lambda n: show(repo, f'test/emails/{n}.txt')
    kept, skipped = [], {}
    for m in re.finditer(r'^  def (test_\w+)\n(.*?)^  end\n', src, re.S | re.M):
        test, b = m.group(1), m.group(2)
        env, bodies, k = {}, {}, 0
        for a in re.finditer(r'^\s*(\w+) = (["\'])', b, re.M):             # name = "literal"
            env[a.group(1)] = ruby_string(b, a.end() - 1)[0]; bodies[a.group(1)] = env[a.group(1)].encode()
        for a in re.finditer(r'^\s*(\w+) = File\.read EMAIL_FIXTURE_PATH\.join\("(\w+)\.txt"\)', b, re.M):
            bodies[a.group(1)] = fix(a.group(2))
        rd = re.search(r'^\s*(\w+) = (?:email\(?\s*[:"](\w+)"?\)?|Timeout.*email\(:(\w+)\))', b, re.M)
        reads = {rd.group(1): fix(rd.group(2) or rd.group(3))} if rd else {}
        # assert_equal LITERAL, EmailReplyParser.parse_reply(body)
        for a in re.finditer(r'assert_equal\s+', b):
            try: exp, j = ruby_value(b, a.end(), env)
            except (ValueError, IndexError): continue
            c = re.match(r',\s*EmailReplyParser\.parse_reply\((\w+)\)', b[j:])
            if c and isinstance(exp, str) and c.group(1) in bodies:
                k += 1; keep(corpus, test, k, bodies[c.group(1)], exp, skipped, kept)
            # assert_equal LITERAL, reply.fragments[0].to_s, whole reply only if every other fragment is hidden
            c = re.match(r',\s*(\w+)\.fragments\[0\]\.to_s', b[j:])
            if c and isinstance(exp, str) and c.group(1) in reads:
                hid = re.search(r'assert_equal \[([^\]]*)\],\s*\w+\.fragments\.map \{ \|f\| f\.hidden\? \}', b)
                quo = re.search(r'assert_equal \[([^\]]*)\],\s*\w+\.fragments\.map \{ \|f\| f\.quoted\? \}', b) \
                    or re.search(r'fragments\.none\? \{ \|f\| f\.quoted\? \}', b)
                hv = [x.strip() for x in hid.group(1).split(',')] if hid else []
                q0 = quo and (quo.lastindex is None or quo.group(1).split(',')[0].strip() == 'false')
                if hv and hv[0] == 'false' and all(x == 'true' for x in hv[1:]) and q0:
                    k += 1; keep(corpus, test, k, reads[c.group(1)], exp, skipped, kept)
                else:
                    skipped[test] = 'fragment 0 literal, but other fragments are visible (not the whole reply)'
        if k or test in skipped: continue
        if re.search(r'parse_reply|visible_text', b) and not re.search(r'assert_equal\s+["\']', b):
            skipped[test] = 'compared with another computed value, not a literal'
        elif re.search(r'assert_match', b):
            skipped[test] = 'regex/substring assertions only, never the whole reply'
        else:
            skipped[test] = 'no reply-text assertion (fragment counts, flags, timing, encoding)'
    record(corpus, repo, 'test/email_reply_parser_test.rb + test/emails', kept, skipped)

# ---------------------------------------------------------------- 2./3. Python suites (read with ast)
def lit(n):
    return n.value if isinstance(n, ast.Constant) and isinstance(n.value, str) else None

def python_suite(corpus, repo, testfile, fixdir):
    tree = ast.parse(show(repo, testfile).decode())
    fix = lambda n: show(repo, f'{fixdir}/{n}.txt')
    kept, skipped = [], {}
    for fn in [n for c in tree.body if isinstance(c, ast.ClassDef) for n in c.body
               if isinstance(n, ast.FunctionDef) and n.name.startswith('test')]:
        msgs, files, k = {}, {}, 0      # var -> fixture read with self.get_email / open(...) as f
        for node in ast.walk(fn):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and \
                    getattr(node.value.func, 'attr', None) == 'get_email' and lit(node.value.args[0]) and \
                    not any(kw.arg == 'parse' and getattr(kw.value, 'value', True) is False for kw in node.value.keywords):
                msgs[node.targets[0].id] = lit(node.value.args[0])
            if isinstance(node, ast.With):
                for it in node.items:
                    c = it.context_expr
                    if isinstance(c, ast.Call) and getattr(c.func, 'id', None) == 'open' and lit(c.args[0]) and it.optional_vars:
                        m = re.fullmatch(rf'{re.escape(fixdir)}/(\w+)\.txt', lit(c.args[0]))
                        if m: files[it.optional_vars.id] = m.group(1)
        def whole_reply(e):  # fixture name if e is the parser's whole reply for that fixture
            if isinstance(e, ast.Call) and getattr(e.func, 'attr', None) == 'strip' and not e.args:
                e = e.func.value                                           # x.reply.strip()
            if isinstance(e, ast.Call) and getattr(e.func, 'attr', None) == 'parse_reply' and len(e.args) == 1:
                a = e.args[0]                                              # parse_reply(f.read())
                if isinstance(a, ast.Call) and getattr(a.func, 'attr', None) == 'read' and isinstance(a.func.value, ast.Name):
                    return files.get(a.func.value.id)
            if isinstance(e, ast.Attribute) and e.attr == 'reply' and isinstance(e.value, ast.Name):
                return msgs.get(e.value.id)                                # message.reply (zapier)
            if isinstance(e, ast.Attribute) and e.attr == 'body' and isinstance(e.value, ast.Subscript) and \
                    getattr(e.value.value, 'attr', None) == 'replies' and getattr(e.value.slice, 'value', None) == 0 and \
                    isinstance(e.value.value.value, ast.Name):
                return msgs.get(e.value.value.value.id)                    # mail.replies[0].body (alfonsrv)
            return None
        texty = False
        for node in ast.walk(fn):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)): continue
            pair = None
            if node.func.attr == 'assertEqual' and len(node.args) >= 2:
                pair = node.args[:2]
            elif node.func.attr == 'assertTrue' and node.args and isinstance(node.args[0], ast.Compare) and \
                    isinstance(node.args[0].ops[0], ast.Eq):
                pair = [node.args[0].left, node.args[0].comparators[0]]
            if not pair: continue
            for x, y in (pair, pair[::-1]):
                name = whole_reply(y)
                if lit(x) is not None and name and fix(name) is not None:
                    k += 1; keep(corpus, fn.name, k, fix(name), lit(x), skipped, kept); break
            else:
                if any(lit(p) is not None for p in pair): texty = True
        if k or fn.name in skipped: continue
        s = ast.unparse(fn)
        if texty and 'replies[' in s:
            skipped[fn.name] = 'literal compared with a later reply (replies[1..]), not the new text'
        elif re.search(r"['\"] (not )?in \w|assertIn|assertNotIn|re\.match|startswith", s):
            skipped[fn.name] = 'substring/regex assertions only, never the whole reply'
        else:
            skipped[fn.name] = 'no reply-text assertion (fragment/reply counts, flags, timing)'
    record(corpus, repo, f'{testfile} + {fixdir}', kept, skipped)

github()
python_suite('zapier', 'zapier+email-reply-parser', 'test/test_email_reply_parser.py', 'test/emails')
if licence('alfonsrv+mail-parser-reply') in ('MIT', 'Apache-2.0', 'BSD'):
    python_suite('mailparser-reply', 'alfonsrv+mail-parser-reply', 'test/test_email_reply_parser.py', 'test/emails')
else:
    print('alfonsrv/mail-parser-reply: licence not MIT/Apache/BSD, skipped')

with open(f'{OUT}/SOURCES.md', 'w') as f:
    for corpus, repo, cm, lic, src, kept, skipped in report:
        head = f'{corpus}: github:{repo.replace("+", "/")} @ {cm} ({lic}), {src}: kept {len(kept)} tests, skipped {len(skipped)}'
        print(head); f.write(head + '\n')
        for why, n in Counter(skipped.values()).most_common():
            line = f'  skipped {n}: {why}'
            print(line); f.write(line + '\n')
        f.write('  skipped tests: ' + ' '.join(sorted(skipped)) + '\n')
for d in sorted(glob.glob(f'{OUT}/*-tune') + glob.glob(f'{OUT}/*-heldout')):
    print(f'{d}: {len(glob.glob(d + "/*.expected.txt"))} cases')
