"""How much of the text the model must read (issue 6): could a cheap pre-pass skip sentences?

    python bench/model_need.py [--corpus ../shared/corpus/fakes.jsonl] [--every 10] [--limit 80]

Two fractions of the tokens of the sampled FA-KES articles (every ``--every``-th, at most ``--limit``):

- *pre-pass*: tokens in sentences (spaCy's rule-based ``sentencizer`` over ``nlp.make_doc``, no model)
  that could carry something sitrep extracts: a word whose form, or any lemma the lemmatizer's rules and
  exceptions could give it, starts a trigger phrase of ``data/taxonomy.yml``; a number, a number word or
  a vague quantity; a person noun or pronoun (an article figure: "a young man").
- *needed*: tokens in sentences (the model's own) that did give something: an event candidate, a figure
  or a place (places of every sentence choose the article's main place and country).

A pre-pass can at most spare the model the tokens outside the first fraction, and the extraction reads
everything in the second. Also printed: the seconds and CPU seconds of each component of the model over
the sample (the tokenizer alone, then each pipe in turn). Not run by the tests.
"""

from __future__ import annotations

import argparse
import functools
import json
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "fakes.jsonl")
    ap.add_argument("--every", type=int, default=10)
    ap.add_argument("--limit", type=int, default=80)
    args = ap.parse_args()

    import spacy

    from sitrep import nlp as nlp_stage
    from sitrep.config import Settings
    from sitrep.extract import _sentences, _title_span
    from sitrep.extract.actors import find_actors
    from sitrep.extract.events import classify, taxonomy
    from sitrep.extract.figures import _DIGITS, _is_word_number, _lexicon, find_figures
    from sitrep.geo.mentions import find_places
    from sitrep.ingest import read_inputs

    settings = Settings()
    nlp = nlp_stage.load(settings.spacy_model)
    lookups = nlp.get_pipe("lemmatizer").lookups
    rules, exc = lookups.get_table("lemma_rules"), lookups.get_table("lemma_exc")
    first = {tokens[0] for _, tokens, _ in taxonomy().phrases}
    lex = _lexicon()
    person = (
        set(lex.vague_by_first) | lex.people | lex.fighters | {"body", "corpse", "he", "she", "him", "her"}
    )

    @functools.cache
    def lemmas(word: str) -> frozenset[str]:
        out = {word}
        for pos in ("noun", "verb", "adj", "adv"):
            out.update(exc.get(pos, {}).get(word, []))
            out.update(
                word[: len(word) - len(old)] + new for old, new in rules.get(pos, []) if word.endswith(old)
            )
        return frozenset(out)

    def could_carry(tok) -> bool:  # noqa: ANN001
        low = tok.lower_
        return (
            bool(lemmas(low) & first)
            or bool(_DIGITS.match(tok.text))
            or _is_word_number(low, lex)
            or low in person
        )

    lines = [line for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:  # the corpus' text stays out of the checkout
        sample = Path(tmp) / "sample.jsonl"
        sample.write_text("\n".join(lines[:: args.every][: args.limit]) + "\n", encoding="utf-8")
        arts = [a for a in read_inputs([str(sample)], settings=settings) if a.ok]

    splitter = spacy.blank("en")
    splitter.add_pipe("sentencizer")
    total = prepass = 0
    for doc in splitter.pipe(a.text for a in arts):
        for sent in doc.sents:
            total += len(sent)
            if any(could_carry(t) for t in sent):
                prepass += len(sent)

    model_total = 0
    needed = {"candidate": 0, "figure": 0, "place": 0, "any": 0}
    for doc, article in zip(nlp.pipe(a.text for a in arts), arts, strict=True):
        doc._.sitrep_published = article.published
        model_total += len(doc)
        for sent in _sentences(doc, _title_span(article)):
            got = {
                "candidate": bool(classify(sent, actors=find_actors(sent))),
                "figure": bool(find_figures(sent, article.id)),
                "place": bool(find_places(sent)),
            }
            got["any"] = any(got.values())
            for k, v in got.items():
                needed[k] += len(sent) if v else 0
    # what each component of the model costs on the same texts
    components: dict[str, list[float]] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    docs = [nlp.make_doc(a.text) for a in arts]
    components["tokenizer"] = [round(time.perf_counter() - t0, 2), round(time.process_time() - c0, 2)]
    for name, pipe in nlp.pipeline:
        t0, c0 = time.perf_counter(), time.process_time()
        docs = (
            list(pipe.pipe(docs, batch_size=settings.batch_size))
            if hasattr(pipe, "pipe")
            else [pipe(d) for d in docs]
        )
        components[name] = [round(time.perf_counter() - t0, 2), round(time.process_time() - c0, 2)]
    print(
        json.dumps(
            {
                "articles": len(arts),
                "component_seconds_and_cpu_seconds": components,
                "tokens": total,
                "prepass_could_carry": round(prepass / total, 3),
                "needed": {k: round(v / model_total, 3) for k, v in needed.items()},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
