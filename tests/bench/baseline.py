#!/usr/bin/env python3
"""baseline.py — the naive Python extractor a user would otherwise write (benchmark floor).

Reads the same rule files as policekg (rules/*.rules, packs in subdirectories, include,
define/{NAME}, list/{@name}, gazetteer), translates each PCRE2 pattern to Python `re`,
runs every pattern rule over each article's text with re.finditer, does the gazetteer and
word-list lookups with a dict scan (longest name of at least two characters at every Han
character), and writes one N-Triples line per match to stdout:

    <https://example.org/baseline/ARTICLE/START-END> <https://example.org/baseline/TYPE> "MATCH" .

No normalisation, no overlap resolution, no linking: the floor a naive user gets.

    python3 tests/bench/baseline.py [--rules DIR] [FILE.jsonl ...]   (default: stdin)

Translation: (?<name>…) → (?P<name>…); \\x{4E00} → \\u4E00; (?J) dropped and repeated group
names renamed (year, year_2, …); (*FAIL) → (?!); a lookbehind whose alternatives differ in
width is split into one lookbehind per alternative; `trigger` lines are ignored. A rule
that still does not compile is reported on stderr and skipped.
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_RULES = os.path.normpath(os.path.join(HERE, "..", "..", "rules"))
BASE = "https://example.org/baseline/"
LEVELS = ("country", "province", "city", "county", "town")


class Rules:
    def __init__(self):
        self.macros = {}
        self.lists = {}
        self.rules = {}             # id → dict, in load order (a later file replaces)
        self.places = {}            # surface form → set of (level, is_short)
        self.loading = set()

    # ---- loading, as src/rules.c does -------------------------------------------------
    def load_dir(self, d):
        names = sorted(os.listdir(d))
        for n in names:
            p = os.path.join(d, n)
            if n.endswith(".rules") and os.path.isfile(p):
                self.load_file(p)
        for n in names:
            p = os.path.join(d, n)
            if os.path.isdir(p) and not n.startswith(".") and n != "lists":
                self.load_dir(p)

    def load_path(self, p):
        if os.path.isdir(p):
            self.load_dir(p)
        else:
            self.load_file(p)

    def load_file(self, path):
        path = os.path.realpath(path)
        if path in self.loading:
            raise SystemExit("baseline: include cycle at %s" % path)
        self.loading.add(path)
        here = os.path.dirname(path)
        rule = None
        with open(path, encoding="utf-8") as f:
            for raw in f:
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                kw, _, arg = line.partition(" ")
                arg = arg.strip()
                if rule is not None:
                    if kw == "end":
                        self.rules.pop(rule["id"], None)
                        self.rules[rule["id"]] = rule
                        rule = None
                    elif kw in ("type", "pattern", "lookup", "priority"):
                        rule[kw] = arg
                    # set, example, counter, trigger: not needed here
                    continue
                if kw == "rule":
                    rule = {"id": arg}
                elif kw == "include":
                    self.load_path(os.path.join(here, arg))
                elif kw == "define":
                    name, _, body = arg.partition(" ")
                    self.macros[name] = body.strip()
                elif kw == "list":
                    name, _, rest = arg.partition(" ")
                    rest = rest.strip()
                    if rest.startswith("="):
                        words = rest[1:].split()
                    else:
                        with open(os.path.join(here, rest), encoding="utf-8") as wf:
                            words = [w.strip() for w in wf if w.strip() and not w.startswith("#")]
                    self.lists.setdefault(name, []).extend(words)
                elif kw == "gazetteer":
                    self.load_gazetteer(os.path.join(here, arg))
        self.loading.discard(path)

    def load_gazetteer(self, path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 4:                     # a country list: one name a line
                    self.places.setdefault(cols[0].strip(), set()).add(("country", False))
                    continue
                self.places.setdefault(cols[1], set()).add((cols[2], False))
                if len(cols) > 4 and cols[4]:
                    for s in cols[4].split(","):
                        self.places.setdefault(s, set()).add((cols[2], True))

    # ---- pattern expansion and translation ---------------------------------------------
    def expand(self, s, depth=0):
        if depth > 32:
            raise ValueError("macro cycle")
        out, i = [], 0
        while i < len(s):
            c = s[i]
            if c == "\\" and i + 1 < len(s):
                out.append(s[i:i + 2])
                i += 2
                continue
            m = re.match(r"\{(@?)([A-Za-z_][A-Za-z0-9_-]*)\}", s[i:])
            if m:
                if m.group(1):
                    words = sorted(self.lists[m.group(2)], key=lambda w: (-len(w.encode()), w))
                    out.append("(?:" + "|".join(re.escape(w) for w in words) + ")")
                else:
                    out.append("(?:" + self.expand(self.macros[m.group(2)], depth + 1) + ")")
                i += m.end()
                continue
            out.append(c)
            i += 1
        return "".join(out)


def split_lookbehinds(p):
    """(?<=a|bc) → (?:(?<=a)|(?<=bc)), (?<!a|bc) → (?<!a)(?<!bc): Python needs fixed width."""
    out, i = [], 0
    while i < len(p):
        if p.startswith("(?<=", i) or p.startswith("(?<!", i):
            neg = p[i + 3] == "!"
            j, depth, cls, alts, start = i + 4, 1, False, [], i + 4
            while j < len(p):
                c = p[j]
                if c == "\\":
                    j += 2
                    continue
                if cls:
                    cls = c != "]"
                elif c == "[":
                    cls = True
                    if p.startswith("[]", j) or p.startswith("[^]", j):
                        j += 2
                elif c == "(":
                    depth += 1
                elif c == ")":
                    depth -= 1
                    if not depth:
                        break
                elif c == "|" and depth == 1:
                    alts.append(p[start:j])
                    start = j + 1
                j += 1
            alts.append(p[start:j])
            alts = [split_lookbehinds(a) for a in alts]
            if len(alts) == 1:
                out.append(p[i:i + 4] + alts[0] + ")")
            elif neg:
                out.append("".join("(?<!" + a + ")" for a in alts))
            else:
                out.append("(?:" + "|".join("(?<=" + a + ")" for a in alts) + ")")
            i = j + 1
            continue
        if p[i] == "\\":
            out.append(p[i:i + 2])
            i += 2
            continue
        out.append(p[i])
        i += 1
    return "".join(out)


def translate(p):
    """PCRE2 (as policekg compiles it: UTF, UCP) → Python re."""
    p = p.replace("(*FAIL)", "(?!)").replace("(*F)", "(?!)")
    p = p.replace("(?J)", "")
    p = re.sub(r"\\x\{([0-9A-Fa-f]+)\}", lambda m: "\\U%08X" % int(m.group(1), 16), p)
    seen = {}

    def rename(m):
        name = m.group(1)
        seen[name] = seen.get(name, 0) + 1
        return "(?P<%s>" % (name if seen[name] == 1 else "%s_%d" % (name, seen[name]))
    p = re.sub(r"(?<!\\)\(\?<([A-Za-z_][A-Za-z0-9_]*)>", rename, p)
    p = split_lookbehinds(p)
    # Global inline flags must lead the pattern in Python.
    flags = ""
    while True:
        m = re.search(r"\(\?([ims]+)\)", p)
        if not m:
            break
        flags += m.group(1)
        p = p[:m.start()] + p[m.end():]
    return ("(?%s)" % "".join(sorted(set(flags))) if flags else "") + p


def is_han(c):
    o = ord(c)
    return 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF


def compile_rules(rs):
    """[(id, type, compiled re | lookup spec)] in load order."""
    out = []
    for rid, r in rs.rules.items():
        t = r.get("type", "?")
        if "lookup" in r:
            args = r["lookup"].split()
            src, levels, short, exc = args[0], set(LEVELS), False, set()
            for a in args[1:]:
                if a == "short":
                    short = True
                elif a.startswith("levels="):
                    levels = set(a[7:].split(","))
                elif a.startswith("except="):
                    exc = set(rs.lists.get(a[7:], []))
            if src == "places":
                forms = {f for f, hits in rs.places.items()
                         if f not in exc and len(f) >= 2 and
                         any(lv in levels and (short or not s) for lv, s in hits)}
            else:
                forms = {w for w in rs.lists[src] if w not in exc and len(w) >= 2}
            out.append((rid, t, ("lookup", forms, max(map(len, forms), default=0))))
        elif "pattern" in r:
            try:
                out.append((rid, t, re.compile(translate(rs.expand(r["pattern"])))))
            except (re.error, KeyError, ValueError, OverflowError) as e:
                print("baseline: skipping rule %s: %s" % (rid, e), file=sys.stderr)
    return out


def lit(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def run_article(rules, aid, text, w):
    subj = "<" + BASE + aid + "/"
    for rid, t, rx in rules:
        pred = "> <" + BASE + t + "> "
        if isinstance(rx, tuple):
            _, forms, maxlen = rx
            i, n = 0, len(text)
            while i < n:
                if not is_han(text[i]):
                    i += 1
                    continue
                end = i
                while end < n and end - i < maxlen and (is_han(text[end]) or text[end] == "\u00b7"):
                    end += 1
                for L in range(end - i, 1, -1):
                    if text[i:i + L] in forms:
                        w("%s%d-%d%s%s .\n" % (subj, i, i + L, pred, lit(text[i:i + L])))
                        i += L
                        break
                else:
                    i += 1
        else:
            for m in rx.finditer(text):
                if m.end() > m.start():
                    w("%s%d-%d%s%s .\n" % (subj, m.start(), m.end(), pred, lit(m.group(0))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rules", default=os.environ.get("PK_RULES_DIR", DEFAULT_RULES))
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    rs = Rules()
    rs.load_path(a.rules)
    rules = compile_rules(rs)
    out = sys.stdout
    w = out.write
    srcs = a.files or ["-"]
    for fn in srcs:
        f = sys.stdin if fn == "-" else open(fn, encoding="utf-8")
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            aid = re.sub(r"[^A-Za-z0-9._-]", "_", str(rec.get("id", "")))
            run_article(rules, aid, rec.get("text", ""), w)
        if f is not sys.stdin:
            f.close()
    out.flush()


if __name__ == "__main__":
    main()
