"""sitrep's benchmark (issue 6): the whole pipeline against bare spaCy on the same texts.

    python bench/run.py [--sizes 200,1000] [--repeat 3] [--corpus ../shared/corpus/fakes.jsonl] [--json OUT]

For each size N, the FA-KES corpus is repeated until N articles (each copy gets its own id and a marker
line, so that the store does not take it for a copy of a text it holds). Every measurement runs in a
fresh child process, so that its peak RSS is its own and no cache carries over:

- ``spacy``: bare ``en_core_web_sm`` (the model sitrep loads) ``nlp.pipe`` over the same texts, batch 64;
- ``sitrep``: ``sitrep.ingest`` of the same JSON lines into a new SQLite store (read -> store: reading,
  cleaning, nlp, extraction, geocoding, storing, fusing), with the seconds of each stage.

Reported: articles/s and tokens/s (tokens as counted by spaCy), the ratio sitrep / spaCy, the seconds of
each stage, and the peak RSS; medians over ``--repeat`` runs. The embedded gazetteer index must be built
already (any earlier sitrep run builds it). Not run by the tests: ``make bench``.
"""

from __future__ import annotations

import argparse
import json
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


def run_sitrep(path: Path) -> dict:
    from sitrep import pipeline

    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        report = pipeline.ingest([str(path)], str(Path(tmp) / "bench.db"), timings=timings)
        seconds = time.perf_counter() - t0
    return {
        "articles": report.read,
        "stored": report.stored,
        "events": report.events,
        "seconds": seconds,
        "stages": {k: round(v, 2) for k, v in sorted(timings.items())},
    }


def child(kind: str, path: str) -> None:
    out = (run_spacy if kind == "spacy" else run_sitrep)(Path(path))
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def measure(kind: str, path: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="200,1000", help="comma-separated numbers of articles")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    ap.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (../shared beside the checkout)")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            path = Path(tmp) / f"input-{n}.jsonl"
            make_input(args.corpus, n, path)
            runs = {"spacy": [], "sitrep": []}
            for _ in range(args.repeat):
                for kind in runs:
                    runs[kind].append(measure(kind, path))
            sp_s = statistics.median(r["seconds"] for r in runs["spacy"])
            si_s = statistics.median(r["seconds"] for r in runs["sitrep"])
            tokens = runs["spacy"][0]["tokens"]
            stages = {
                k: round(statistics.median(r["stages"].get(k, 0.0) for r in runs["sitrep"]), 2)
                for k in runs["sitrep"][0]["stages"]
            }
            row = {
                "articles": n,
                "tokens": tokens,
                "repeat": args.repeat,
                "spacy_articles_per_s": round(n / sp_s, 2),
                "spacy_tokens_per_s": round(tokens / sp_s),
                "sitrep_articles_per_s": round(n / si_s, 2),
                "sitrep_tokens_per_s": round(tokens / si_s),
                "ratio_sitrep_to_spacy": round(sp_s / si_s, 3),
                "sitrep_stage_seconds": stages,
                "sitrep_stage_articles_per_s": {k: round(n / v, 1) for k, v in stages.items() if v},
                "spacy_peak_rss_mb": round(statistics.median(r["peak_rss_mb"] for r in runs["spacy"])),
                "sitrep_peak_rss_mb": round(statistics.median(r["peak_rss_mb"] for r in runs["sitrep"])),
                "events": runs["sitrep"][0]["events"],
            }
            results.append(row)
            print(json.dumps(row, indent=2), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
