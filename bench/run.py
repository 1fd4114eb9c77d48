"""sitrep's benchmark (issue 6): the whole pipeline against bare spaCy on the same texts.

    python bench/run.py [--sizes 200,1000] [--repeat 3] [--workers 1,2] [--corpus ../shared/corpus/fakes.jsonl]
                        [--json OUT] [--no-spacy] [--no-cache-run]

For each size N, the FA-KES corpus is repeated until N articles (each copy gets its own id and a marker
line, so that the store does not take it for a copy of a text it holds). Every measurement runs in a
fresh child process, so that its peak RSS is its own and no cache carries over:

- ``spacy``: bare ``en_core_web_sm`` (the model sitrep loads) ``nlp.pipe`` over the same texts, batch 64;
- ``sitrep``: ``sitrep.ingest`` of the same JSON lines into a new SQLite store (read -> store: reading,
  cleaning, nlp, extraction, geocoding, storing, fusing), with the seconds of each stage;
- ``sitrep --workers N`` for each N of ``--workers`` above 1: the same ingest with N worker processes;
- ``sitrep-nocache`` (with ``--no-cache-run``): the one-process ingest with the cache of parsed chunks
  off (``SITREP_PARSE_CACHE=0``). The copies of the repeated corpus differ from their originals only by
  the marker line, so with the cache on the model parses each original sentence once per process; this
  run shows what the model costs when every text is new.

The runs of one size are interleaved (spaCy, sitrep, sitrep --workers 2, spaCy, ...), so that a change
in the machine's load falls on all of them alike. Reported: articles/s and tokens/s (tokens as counted by
spaCy), the ratio sitrep / spaCy, the seconds, articles/s and tokens/s of each stage (one process), the
speed-up of N workers over one, and the peak RSS (the parent's; with workers, also the largest worker's);
CPU seconds (the process and its workers: what the run cost whatever the machine's load) and the load
average at the end of each run; medians over ``--repeat`` runs. The embedded gazetteer index must be built
already (any earlier sitrep run builds it). Not run by the tests: ``make bench``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "fakes.jsonl"


def make_input(corpus: Path, n: int, out: Path) -> None:
    """``n`` articles from ``corpus``, repeated as needed; copy k of an article is a distinct article."""
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    with out.open("w", encoding="utf-8") as fh:
        for i in range(n):
            rec = dict(records[i % len(records)])
            k = i // len(records)
            if k:
                rec["id"] = f"{rec.get('id', i)}-copy{k}"
                rec["text"] = f"{rec['text']}\nBenchmark copy {k}."
            fh.write(json.dumps(rec) + "\n")


def _texts(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]


def run_spacy(path: Path) -> dict:
    import importlib

    import spacy

    from sitrep.config import Settings

    texts = _texts(path)
    name = Settings().spacy_model  # the model sitrep uses, as its package ships it (no sitrep component)
    try:
        nlp = spacy.load(name)
    except OSError:
        nlp = importlib.import_module(name).load()
    t0 = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    seconds = time.perf_counter() - t0
    return {"articles": len(texts), "tokens": tokens, "seconds": seconds}


def _rss_mb() -> float:
    """The process's resident set size now (MB), from /proc (Linux)."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_sitrep(path: Path, workers: int = 1) -> dict:
    from sitrep import pipeline
    from sitrep.config import Settings

    timings: dict[str, float] = {}
    settings = Settings(workers=workers)
    every = int(os.environ.get("SITREP_BENCH_RSS_EVERY", "500"))
    samples: list[list[float]] = []  # [articles read, RSS now MB, peak RSS so far MB]
    seen = 0

    def progress(_article) -> None:
        nonlocal seen
        seen += 1
        if seen % every == 0:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            samples.append([seen, round(_rss_mb()), round(peak)])

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        report = pipeline.ingest(
            [str(path)], str(Path(tmp) / "bench.db"), settings=settings, timings=timings, progress=progress
        )
        seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    samples.append([seen, round(_rss_mb()), round(peak)])  # after storing and re-fusing
    from sitrep.nlp import load, parse_cache

    cache = parse_cache(load(settings.spacy_model))  # this process's (workers keep their own)
    return {
        "parse_cache": {"size": cache.size, "kept": len(cache), "hits": cache.hits, "misses": cache.misses},
        "rss_samples": samples,
        "articles": report.read,
        "stored": report.stored,
        "events": report.events,
        "seconds": seconds,
        "stages": {k: round(v, 2) for k, v in sorted(timings.items())},
    }


def child(kind: str, path: str) -> None:
    if kind == "spacy":
        out = run_spacy(Path(path))
    elif kind == "sitrep-nocache":  # one process, no cache of parsed chunks
        os.environ["SITREP_PARSE_CACHE"] = "0"
        out = run_sitrep(Path(path), 1)
    else:  # "sitrep" or "sitrep-N" (N workers)
        out = run_sitrep(Path(path), int(kind.partition("-")[2] or 1))
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    out["peak_rss_mb"] = me.ru_maxrss / 1024
    # CPU seconds of the process and its workers (model loading included): what the run cost, whatever
    # the load of the machine (wall seconds on a shared machine also count the waits for a core)
    out["cpu_seconds"] = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    # the largest finished child (a worker process): its own peak, not a sum
    out["peak_child_rss_mb"] = kids.ru_maxrss / 1024
    print(json.dumps(out))


def measure(kind: str, path: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)], capture_output=True, text=True, check=True
    )
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["load"] = os.getloadavg()[0]  # the machine's load when the run ended (others share it)
    return out


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="200,1000", help="comma-separated numbers of articles")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--workers", default="1,2", help="comma-separated worker counts of sitrep (1 always runs)"
    )
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    ap.add_argument("--no-spacy", action="store_true", help="skip the bare spaCy runs (ratio not reported)")
    ap.add_argument(
        "--no-cache-run",
        action="store_true",
        help="also run sitrep in one process with the cache of parsed chunks off (SITREP_PARSE_CACHE=0)",
    )
    ap.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (../shared beside the checkout)")
    workers = sorted({int(x) for x in args.workers.split(",")} | {1})
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            path = Path(tmp) / f"input-{n}.jsonl"
            make_input(args.corpus, n, path)
            kinds = ["spacy", "sitrep"] + [f"sitrep-{w}" for w in workers if w > 1]
            if args.no_spacy:
                kinds.remove("spacy")
            if args.no_cache_run:
                kinds.append("sitrep-nocache")
            runs: dict[str, list[dict]] = {kind: [] for kind in kinds}
            for _ in range(args.repeat):
                for kind in kinds:
                    runs[kind].append(measure(kind, path))
                    print(
                        json.dumps({"articles": n, "run": kind, **runs[kind][-1]}),
                        file=sys.stderr,
                        flush=True,
                    )
            has_spacy = "spacy" in runs
            sp_s = _median(runs["spacy"], "seconds") if has_spacy else float("nan")
            si_s = _median(runs["sitrep"], "seconds")
            tokens = runs["spacy"][0]["tokens"] if has_spacy else 0
            stages = {
                k: round(statistics.median(r["stages"].get(k, 0.0) for r in runs["sitrep"]), 2)
                for k in runs["sitrep"][0]["stages"]
            }
            row = {
                "articles": n,
                "repeat": args.repeat,
                "sitrep_seconds": round(si_s, 2),
                "sitrep_articles_per_s": round(n / si_s, 2),
                "sitrep_cpu_seconds": round(_median(runs["sitrep"], "cpu_seconds"), 1),
                "load_average_1min": [round(r["load"], 2) for kind in kinds for r in runs[kind]],
                "sitrep_stage_seconds": stages,
                "sitrep_stage_articles_per_s": {k: round(n / v, 1) for k, v in stages.items() if v},
                "sitrep_peak_rss_mb": round(_median(runs["sitrep"], "peak_rss_mb")),
                # RSS over the run of the first one-process run: [articles read, RSS now, peak so far] (MB)
                "sitrep_rss_samples": runs["sitrep"][0]["rss_samples"],
                "events": runs["sitrep"][0]["events"],
                "sitrep_parse_cache": runs["sitrep"][0]["parse_cache"],
            }
            if has_spacy:
                row |= {
                    "tokens": tokens,
                    "spacy_seconds": round(sp_s, 2),
                    "spacy_articles_per_s": round(n / sp_s, 2),
                    "spacy_tokens_per_s": round(tokens / sp_s),
                    "sitrep_tokens_per_s": round(tokens / si_s),
                    "ratio_sitrep_to_spacy": round(sp_s / si_s, 3),
                    "spacy_cpu_seconds": round(_median(runs["spacy"], "cpu_seconds"), 1),
                    "sitrep_stage_tokens_per_s": {k: round(tokens / v) for k, v in stages.items() if v},
                    "spacy_peak_rss_mb": round(_median(runs["spacy"], "peak_rss_mb")),
                }
            for kind in [k for k in kinds if k.startswith("sitrep-")]:
                w_s = _median(runs[kind], "seconds")
                row[f"{kind}_seconds"] = round(w_s, 2)
                row[f"{kind}_articles_per_s"] = round(n / w_s, 2)
                if has_spacy:
                    row[f"{kind}_ratio_to_spacy"] = round(sp_s / w_s, 3)
                row[f"{kind}_speedup_over_1"] = round(si_s / w_s, 3)
                row[f"{kind}_cpu_seconds"] = round(_median(runs[kind], "cpu_seconds"), 1)
                row[f"{kind}_peak_rss_mb"] = round(_median(runs[kind], "peak_rss_mb"))
                row[f"{kind}_peak_worker_rss_mb"] = round(_median(runs[kind], "peak_child_rss_mb"))
                row[f"{kind}_events"] = runs[kind][0]["events"]
            results.append(row)
            print(json.dumps(row, indent=2), flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
