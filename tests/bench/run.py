#!/usr/bin/env python3
"""run.py — throughput and memory benchmark of `policekg extract` (GitHub issue 6, item 4).

In one run: builds (or reuses) a synthetic JSON Lines corpus with make_corpus.py, then
measures, each command in its own child process (fork + exec + wait4, so peak RSS and CPU
time are that child's own):

  cat                 reading floor, the full corpus to /dev/null
  policekg -j1        --jsonl --format ntriples, small corpus (median of --repeats) and full
  policekg -jN        N = nproc, same inputs
  baseline.py         the naive Python extractor, small corpus only (it is ~100× slower)
  policekg -j1 2×     the doubled corpus: peak RSS must stay flat

and prints a Markdown report (also written to tests/bench/REPORT.md): MB/s (input bytes /
wall seconds), MB per CPU-second (robust on a busy machine), articles/s, peak RSS, ratios
measured in this run, output bytes per input byte, and the machine. Not a ctest: it takes
minutes. Numbers are reported as measured, never adjusted.

    python3 tests/bench/run.py [--binary build-rel/policekg] [--size-mb 200] [--small-mb 10]
"""
import argparse
import datetime
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", ".."))
MB = 1e6


def run_child(argv, stdout_path=os.devnull, stdin_path=os.devnull, env=None):
    """fork + exec + wait4: (wall seconds, user+sys seconds, peak RSS bytes, exit status)."""
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:                                     # child
        try:
            fi = os.open(stdin_path, os.O_RDONLY)
            fo = os.open(stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fi, 0)
            os.dup2(fo, 1)
            os.execvpe(argv[0], argv, env or os.environ)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024, os.waitstatus_to_exitcode(status)


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def measure(name, argv, nbytes, narticles, repeats, note="", **kw):
    runs = []
    for i in range(repeats):
        la = loadavg()
        wall, cpu, rss, rc = run_child(argv, **kw)
        if rc != 0:
            sys.exit("run.py: %s exited %d: %s" % (name, rc, " ".join(argv)))
        runs.append((wall, cpu, rss, la))
        print("  %-28s run %d/%d: %7.2f s wall, %7.2f s CPU, %6.1f MB RSS, load %.1f"
              % (name, i + 1, repeats, wall, cpu, rss / MB, la), file=sys.stderr, flush=True)
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    return {"name": name, "mb": nbytes / MB, "articles": narticles, "runs": repeats,
            "wall": wall, "cpu": cpu, "mbps": nbytes / MB / wall,
            "mb_per_cpu": nbytes / MB / cpu if cpu > 0 else float("inf"),
            "aps": narticles / wall, "rss": max(r[2] for r in runs) / MB,
            "load": statistics.mean(r[3] for r in runs), "note": note}


def corpus(workdir, size_mb, seed):
    path = os.path.join(workdir, "corpus-s%d-%gMB.jsonl" % (seed, size_mb))
    if not os.path.exists(path):
        print("run.py: writing %s" % path, file=sys.stderr, flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, "make_corpus.py"), "--seed", str(seed),
                        "--size-mb", str(size_mb), "-o", path + ".part"], check=True)
        os.rename(path + ".part", path)
    return path


def prefix(src, dst, size_mb):
    """The first whole lines of src reaching size_mb: (bytes, articles)."""
    n = a = 0
    if not os.path.exists(dst):
        with open(src, "rb") as f, open(dst + ".part", "wb") as o:
            for line in f:
                o.write(line)
                n += len(line)
                if n >= size_mb * MB:
                    break
        os.rename(dst + ".part", dst)
    return count(dst)


def count(path):
    n = a = 0
    with open(path, "rb") as f:
        for line in f:
            n += len(line)
            a += 1
    return n, a


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def profile(pk, argv, workdir, env):
    """Top functions of one perf record of argv, as text; None when perf is missing."""
    if not shutil.which("perf"):
        print("run.py: perf not found, no profile", file=sys.stderr)
        return None
    data = os.path.join(workdir, "perf.data")
    rc = subprocess.run(["perf", "record", "-q", "-F", "499", "--call-graph", "dwarf,16384",
                         "-o", data, "--"] + argv, stdout=subprocess.DEVNULL, env=env).returncode
    if rc != 0:
        return "perf record failed (exit %d)" % rc
    out = []
    for title, mode, sort, n in (("by object (PCRE2's JIT code is [JIT])", "--no-children", "dso", 6),
                                 ("self", "--no-children", "dso,symbol", 25),
                                 ("inclusive", "--children", "dso,symbol", 40)):
        rep = subprocess.run(["perf", "report", "-i", data, mode, "--stdio", "--sort", sort,
                              "-g", "none", "--percent-limit", "0.7"], capture_output=True,
                             text=True).stdout
        lines = [l.rstrip() for l in rep.splitlines() if "%" in l and not l.startswith("#")]
        lines = [" ".join(l.split()).replace(" - -", "") for l in lines]
        out.append("-- %s (top %d)" % (title, n))
        out += lines[:n]
    os.unlink(data)
    return "\n".join(out)


def autogroup():
    try:
        with open("/proc/sys/kernel/sched_autogroup_enabled") as f:
            return f.read().strip() == "1"
    except OSError:
        return False


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
    busy = subprocess.run(["ps", "-eo", "pcpu,comm", "--sort=-pcpu", "--no-headers"],
                          capture_output=True, text=True).stdout.splitlines()[:5]
    return cpu, mem, [b.strip() for b in busy]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default=os.path.join(SRC, "build-rel", "policekg"))
    ap.add_argument("--size-mb", type=float, default=200, help="full corpus (default 200)")
    ap.add_argument("--small-mb", type=float, default=10,
                    help="prefix for the baseline and the repeated policekg runs (default 10)")
    ap.add_argument("--repeats", type=int, default=3, help="runs on the small corpus (median)")
    ap.add_argument("--big-repeats", type=int, default=1, help="runs on the full corpus")
    ap.add_argument("--baseline-repeats", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count(), help="N of -jN (default nproc)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-double", action="store_true", help="skip the 2x corpus run")
    ap.add_argument("--perf", action="store_true",
                    help="also profile policekg -j1 on the small corpus with perf record (DWARF "
                    "call graphs) and add the top functions to the report")
    ap.add_argument("--workdir", default="/tmp/policekg-bench")
    ap.add_argument("--report", default=os.path.join(HERE, "REPORT.md"))
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    # Snapshot the binary and the rules: others may rebuild or edit them during the run.
    pk = os.path.join(a.workdir, "policekg")
    shutil.copy2(os.path.abspath(a.binary), pk)
    head = subprocess.run(["git", "-C", SRC, "log", "-1", "--format=%h %s"], capture_output=True,
                          text=True).stdout.strip()
    rules = os.path.join(a.workdir, "rules")
    shutil.rmtree(rules, ignore_errors=True)
    shutil.copytree(os.path.join(SRC, "rules"), rules)
    env = dict(os.environ, LC_ALL="C.UTF-8", PK_RULES_DIR=rules)

    # The doubled corpus is generated first: the full corpus is its prefix (same RNG stream).
    big2 = corpus(a.workdir, 2 * a.size_mb, a.seed) if not a.no_double else None
    full = os.path.join(a.workdir, "full-s%d-%gMB.jsonl" % (a.seed, a.size_mb))
    if big2:
        full_b, full_a = prefix(big2, full, a.size_mb)
    else:
        full = corpus(a.workdir, a.size_mb, a.seed)
        full_b, full_a = count(full)
    small = os.path.join(a.workdir, "small-s%d-%gMB.jsonl" % (a.seed, a.small_mb))
    small_b, small_a = prefix(full, small, a.small_mb)
    big2_b, big2_a = count(big2) if big2 else (0, 0)

    def pk_argv(j, path):
        return [pk, "extract", "--jsonl", "--format", "ntriples", "-q", "-j", str(j), path]

    N = a.jobs
    rows = []
    print("run.py: measuring (stderr shows each run)", file=sys.stderr, flush=True)
    rows.append(measure("cat", ["cat", full], full_b, full_a, 3, env=env))
    rows.append(measure("policekg -j1 (small)", pk_argv(1, small), small_b, small_a, a.repeats, env=env))
    rows.append(measure("policekg -j%d (small)" % N, pk_argv(N, small), small_b, small_a, a.repeats, env=env))
    rows.append(measure("baseline.py (small)", [sys.executable, os.path.join(HERE, "baseline.py"), small],
                        small_b, small_a, a.baseline_repeats, env=env))
    rows.append(measure("policekg -j1 (full)", pk_argv(1, full), full_b, full_a, a.big_repeats, env=env))
    rows.append(measure("policekg -j%d (full)" % N, pk_argv(N, full), full_b, full_a, a.big_repeats, env=env))
    has_prov = "--provenance" in subprocess.run([pk, "extract", "--help"], capture_output=True,
                                                text=True).stdout
    if has_prov:
        rows.append(measure("policekg -j1 --provenance none (small)",
                            pk_argv(1, small)[:-1] + ["--provenance", "none", small],
                            small_b, small_a, a.repeats, env=env))
    if big2:
        rows.append(measure("policekg -j1 (2x full)", pk_argv(1, big2), big2_b, big2_a, a.big_repeats, env=env))

    # Output size and -j1 == -jN, on the small corpus (untimed).
    out1, outn = os.path.join(a.workdir, "out-j1.nt"), os.path.join(a.workdir, "out-jN.nt")
    run_child(pk_argv(1, small), stdout_path=out1, env=env)
    run_child(pk_argv(N, small), stdout_path=outn, env=env)
    out_b = os.path.getsize(out1)
    with open(out1, "rb") as f:
        triples = sum(1 for _ in f)
    same = sha256(out1) == sha256(outn)
    prov_b = None
    if has_prov:
        outp = os.path.join(a.workdir, "out-prov-none.nt")
        run_child(pk_argv(1, small)[:-1] + ["--provenance", "none", small], stdout_path=outp, env=env)
        prov_b = os.path.getsize(outp)
        os.unlink(outp)
    bl_out = os.path.join(a.workdir, "out-baseline.nt")
    run_child([sys.executable, os.path.join(HERE, "baseline.py"), small], stdout_path=bl_out, env=env)
    bl_b = os.path.getsize(bl_out)
    for p in (out1, outn, bl_out):
        os.unlink(p)

    prof = profile(pk, pk_argv(1, small), a.workdir, env) if a.perf else None

    r = {x["name"]: x for x in rows}
    j1s, jns, bl = r["policekg -j1 (small)"], r["policekg -j%d (small)" % N], r["baseline.py (small)"]
    j1f, jnf = r["policekg -j1 (full)"], r["policekg -j%d (full)" % N]
    cpu, mem, busy = machine()
    dirty = subprocess.run(["git", "-C", SRC, "status", "--short", "src"], capture_output=True,
                           text=True).stdout.count("\n")
    ver = subprocess.run([pk, "--version"], capture_output=True, text=True).stdout.strip()

    L = []
    L.append("# policekg benchmark report\n")
    L.append("Generated by `python3 tests/bench/run.py` on %s (UTC). Overwritten by every run; "
             "numbers are as measured.\n" % datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"))
    L.append("## Machine\n")
    L.append("- nproc %d, CPU `%s`, memory %s, %s %s, Python %s" % (
        os.cpu_count(), cpu, mem, platform.system(), platform.release(), platform.python_version()))
    L.append("- binary `%s` (%s; copied to the work directory with rules/ before measuring), "
             "source HEAD `%s` when it was copied (the binary may predate it), %d uncommitted change(s) under src/ at the end"
             % (os.path.relpath(os.path.abspath(a.binary), SRC), ver, head, dirty))
    L.append("- **shared and noisy**: other engineers run builds and fuzzers on the same 2 cores. "
             "Mean 1-min load average during the measurements: %.1f. Busiest processes at the end: %s. "
             "Wall-clock figures are therefore pessimistic; the MB per CPU-second column "
             "(input / (user+sys) of that child) is less sensitive to contention.\n"
             % (statistics.mean(x["load"] for x in rows), "; ".join("`%s`" % b for b in busy)))
    L.append("## Corpus\n")
    L.append("`make_corpus.py --seed %d`: full %.1f MB (%d articles); small = its first %.1f MB "
             "(%d articles); 2x = %.1f MB (%d articles, the full corpus is its prefix). "
             "~50%% recombined seed paragraphs, ~50%% template sentences.\n"
             % (a.seed, full_b / MB, full_a, small_b / MB, small_a, big2_b / MB, big2_a))
    L.append("## Results\n")
    L.append("All policekg runs: `policekg extract --jsonl --format ntriples -q -jN CORPUS > /dev/null`. "
             "Median of `runs`; peak RSS is the maximum over the runs.\n")
    L.append("| command | input MB | articles | runs | wall s | MB/s | articles/s | CPU s | MB per CPU-s | CPU/wall | peak RSS MB | load |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for x in rows:
        L.append("| %s | %.1f | %d | %d | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f | %.1f | %.1f |" % (
            x["name"], x["mb"], x["articles"], x["runs"], x["wall"], x["mbps"], x["aps"], x["cpu"],
            x["mb_per_cpu"], x["cpu"] / x["wall"], x["rss"], x["load"]))
    L.append("")
    L.append("CPU/wall is the number of cores the child actually got (user+sys over wall).")
    L.append("")
    L.append("## Ratios (same run)\n")

    def verdict(ok):
        return "met" if ok else "**not met**"
    ratio_bl = j1s["mbps"] / bl["mbps"]
    ratio_bl_cpu = j1s["mb_per_cpu"] / bl["mb_per_cpu"]
    sp_s, sp_f = jns["mbps"] / j1s["mbps"], jnf["mbps"] / j1f["mbps"]
    L.append("| ratio | value | target |")
    L.append("|---|---:|---|")
    L.append("| policekg -j1 / baseline.py, MB/s, same %.1f MB input | %.1f× | ≥ 20× — %s |"
             % (small_b / MB, ratio_bl, verdict(ratio_bl >= 20)))
    L.append("| policekg -j1 / baseline.py, MB per CPU-s | %.1f× | |" % ratio_bl_cpu)
    L.append("| policekg -j1 MB/s (full corpus) | %.2f MB/s (%.2f MB per CPU-s) | ≥ 30 MB/s/core — %s |"
             % (j1f["mbps"], j1f["mb_per_cpu"], verdict(j1f["mb_per_cpu"] >= 30)))
    L.append("| policekg -j%d / -j1, MB/s, small | %.2f× | ≥ 1.8× (j2) — %s |" % (N, sp_s, verdict(sp_s >= 1.8)))
    L.append("| policekg -j%d / -j1, MB/s, full | %.2f× | ≥ 1.8× (j2) — %s |" % (N, sp_f, verdict(sp_f >= 1.8)))
    L.append("| policekg -j%d / -j1, CPU s, full (1.0 = no parallel overhead) | %.2f× | |" % (N, jnf["cpu"] / j1f["cpu"]))
    L.append("| policekg -j1 / cat, MB/s, full | %.4f | |" % (j1f["mbps"] / r["cat"]["mbps"]))
    if big2:
        d = r["policekg -j1 (2x full)"]
        L.append("| peak RSS -j1: full → 2× full | %.1f → %.1f MB (%+.1f%%) | ≤ 64 MB and flat — %s |"
                 % (j1f["rss"], d["rss"], 100 * (d["rss"] / j1f["rss"] - 1),
                    verdict(max(j1f["rss"], d["rss"]) <= 64 and d["rss"] <= 1.1 * j1f["rss"])))
    L.append("| peak RSS -j%d, full | %.1f MB | ≤ 64 MB — %s |" % (N, jnf["rss"], verdict(jnf["rss"] <= 64)))
    L.append("")
    L.append("## Output\n")
    L.append("On the small corpus, `--format ntriples` wrote %d bytes (%d triples) for %d input bytes: "
             "**%.1f output bytes per input byte** (%.0f triples per article). -j1 and -j%d output "
             "byte-identical: %s. baseline.py wrote %.1f bytes per input byte (one line per match, no "
             "linking)." % (out_b, triples, small_b, out_b / small_b, triples / small_a, N,
                            "yes" if same else "**NO**", bl_b / small_b))
    if prov_b is not None:
        pn = r["policekg -j1 --provenance none (small)"]
        L.append("")
        L.append("With `--provenance none` (no kg:Mention nodes): %.1f output bytes per input byte, "
                 "%.2f MB per CPU-s (%.2f× the default on the same input, %.1f× baseline.py)."
                 % (prov_b / small_b, pn["mb_per_cpu"], pn["mb_per_cpu"] / j1s["mb_per_cpu"],
                    pn["mb_per_cpu"] / bl["mb_per_cpu"]))
    L.append("")
    if prof:
        L.append("## Profile\n")
        L.append("`perf record -F 499 --call-graph dwarf` of `policekg -j1` on the small corpus "
                 "(the binary measured above). Self: time in the function itself; inclusive: with "
                 "everything it calls. PCRE2's JIT-compiled patterns have no symbols: they count under "
                 "`[JIT]` in the first list and are missing from the call chains.\n")
        L.append("```")
        L.append(prof)
        L.append("```\n")
    if autogroup() and statistics.mean(x["load"] for x in rows) > os.cpu_count():
        L.append("**Caveat on -j%d:** the kernel shares CPU per session (`sched_autogroup_enabled` = 1) and "
                 "the load average exceeded nproc, so all of this benchmark's threads together get one "
                 "session's share of the CPU: the CPU/wall column shows how many cores -j%d really got. "
                 "The -j%d/-j1 wall ratio then measures contention, not scaling; re-run on an idle "
                 "machine to check the 1.8× target.\n" % (N, N, N))
    text = "\n".join(L) + "\n"
    with open(a.report, "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
