# Rebuilds the public reply corpora (see README.md) from fetched snapshots; data only, nothing is run.
import ast, glob, hashlib, os, re, shutil, subprocess, sys
M = '/work/.mirror'
OUT = sys.argv[1] if len(sys.argv) > 1 else '/tmp/corpora'
for old in glob.glob(f'{OUT}/*-tune') + glob.glob(f'{OUT}/*-heldout'):
    shutil.rmtree(old)
def show(repo, path):
    return subprocess.run(['git','-C',f'{M}/{repo}/repo','show',f'HEAD:{path}'],capture_output=True).stdout
def ls(repo, path):
    return subprocess.run(['git','-C',f'{M}/{repo}/repo','ls-tree','-r','--name-only','HEAD',path],capture_output=True,text=True).stdout.split()
def half(name):  # deterministic split: tune vs heldout by hash of the case name
    return 'tune' if hashlib.sha1(name.encode()).digest()[0] % 2 == 0 else 'heldout'
def write(corpus, name, body, expected, ext='txt'):
    d = f'{OUT}/{corpus}-{half(name)}'; os.makedirs(d, exist_ok=True)
    n = len([f for f in os.listdir(d) if f.endswith('.expected.txt')]) + 1
    cid = f'{n:03d}'
    open(f'{d}/{cid}.{ext}','wb').write(body if isinstance(body,bytes) else body.encode())
    open(f'{d}/{cid}.expected.txt','wb').write(expected if isinstance(expected,bytes) else expected.encode())
    with open(f'{d}/names.tsv','a') as f: f.write(f'{cid}\t{name}\n')
# discourse
for p in ls('discourse+email_reply_trimmer','test/emails'):
    b = os.path.basename(p)
    write('discourse', b, show('discourse+email_reply_trimmer', p), show('discourse+email_reply_trimmer','test/trimmed/'+b))
# talon standard replies
for p in ls('mailgun+talon','tests/fixtures/standard_replies'):
    if not p.endswith('.eml'): continue
    exp = show('mailgun+talon', p[:-4]+'_reply_text') or b'Hello'
    write('talon-std', os.path.basename(p), show('mailgun+talon', p), exp.strip(), 'eml')
# talon text quotation tests: eq_(literal, quotations.extract_from_plain(literal-or-name))
src = show('mailgun+talon','tests/text_quotations_test.py').decode()
tree = ast.parse(src)
for fn in [n for n in tree.body if isinstance(n, ast.FunctionDef)]:
    if fn.decorator_list: continue
    env = {}; k = 0
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign) and len(node.targets)==1 and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Constant) and isinstance(node.value.value,str):
            env[node.targets[0].id] = node.value.value
    for node in ast.walk(fn):
        if isinstance(node, ast.Call) and getattr(node.func,'id',None)=='eq_' and len(node.args)>=2:
            e, c = node.args[0], node.args[1]
            if not (isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and c.func.attr=='extract_from_plain' and len(c.args)==1): continue
            a = c.args[0]
            body = a.value if isinstance(a, ast.Constant) else env.get(getattr(a,'id',None))
            exp = e.value if isinstance(e, ast.Constant) else env.get(getattr(e,'id',None))
            if isinstance(body,str) and isinstance(exp,str):
                k += 1; write('talon-text', f'{fn.name}#{k}', body, exp)
# crisp multilingual fixtures asserted to give COMMON_FIRST_FRAGMENT
js = show('crisp-oss+email-reply-parser','test/test.js').decode()
common = re.search(r"const COMMON_FIRST_FRAGMENT = '(.*?)';", js, re.S).group(1).replace('\\n\\\n','\n')
for m in re.finditer(r'export function (\w+)\(test\)\s*\{\s*let email = get_email\("(\w+)"\);\s*let fragments = email.getFragments\(\);\s*test.equal\(COMMON_FIRST_FRAGMENT, fragments\[0\]', js):
    write('crisp', m.group(1), show('crisp-oss+email-reply-parser', f'test/fixtures/{m.group(2)}.txt'), common)
