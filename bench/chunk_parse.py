"""Parsing by chunks against parsing whole articles (issue 6): agreement and CPU cost.

    python bench/chunk_parse.py agreement [N]   # first N FA-KES articles (default 150)
    python bench/chunk_parse.py cost            # every 8th FA-KES article, 100 articles

``agreement`` parses the texts whole (``nlp.pipe``) and by the chunks :func:`sitrep.nlp.parse` cuts (no
cache), and counts the tokens whose tag, head and label, lemma agree, the entities and sentence starts in
common. ``cost`` gives the CPU seconds (``time.process_time``) of the model's components over the chunks
in batches of 64, 256 and 1,024 Docs, and of ``nlp.pipe`` over the whole texts. Reads ../shared.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "fakes.jsonl"


def main() -> None:
    from sitrep.nlp import PRE_MODEL, ParseCache, _chunks, load, parse

    nlp = load()
    arts = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    mode = sys.argv[1] if len(sys.argv) > 1 else "agreement"
    if mode == "cost":
        texts = [a["text"] for a in arts[::8][:100]]
        model = [(n, p) for n, p in nlp.pipeline if n not in PRE_MODEL]
        list(nlp.pipe(texts[:10]))  # warm up
        for bs in (64, 256, 1024, "whole"):
            t = time.process_time()
            if bs == "whole":
                list(nlp.pipe(texts, batch_size=64))
            else:
                docs = [c for x in texts for _, c in _chunks(nlp, x)[1]]
                for _, proc in model:
                    docs = list(proc.pipe(docs, batch_size=bs))
            print(bs, round(time.process_time() - t, 2))
        return
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 150
    texts = [a["text"] for a in arts[:n]]
    whole = list(nlp.pipe(texts, batch_size=32))
    chunked = [d for d, _ in parse(nlp, ((t, None) for t in texts), cache=ParseCache(0))]
    tok = tag = dep = lem = ew_n = ec_n = e_same = s_n = s_same = 0
    for w, c in zip(whole, chunked, strict=True):
        assert w.text == c.text and len(w) == len(c)
        tok += len(w)
        tag += sum(a.tag_ == b.tag_ for a, b in zip(w, c, strict=True))
        dep += sum(a.dep_ == b.dep_ and a.head.i == b.head.i for a, b in zip(w, c, strict=True))
        lem += sum(a.lemma_ == b.lemma_ for a, b in zip(w, c, strict=True))
        ew = {(e.start, e.end, e.label_) for e in w.ents}
        ec = {(e.start, e.end, e.label_) for e in c.ents}
        ew_n, ec_n, e_same = ew_n + len(ew), ec_n + len(ec), e_same + len(ew & ec)
        sw, sc = {s.start for s in w.sents}, {s.start for s in c.sents}
        s_n, s_same = s_n + len(sw), s_same + len(sw & sc)
    print(
        f"tokens {tok}: tag {tag / tok:.4f}, head+label {dep / tok:.4f}, lemma {lem / tok:.4f}; "
        f"entities whole {ew_n}, chunked {ec_n}, same {e_same} ({e_same / ew_n:.3f}); "
        f"sentence starts {s_same}/{s_n}"
    )


if __name__ == "__main__":
    main()
