"""Extraction quality and speed: `python -m bench.eval_extraction` (also `make eval`).

1. The seed dump, field by field (pass/fail per field).
2. The development pages in ../shared/devpages: every dump parsed, predictions scored by that
   folder's own score.py (contain / exclude / title / author / date, overall and per language).
   Date accuracy is printed twice: as scored, and counting only dates found in the page text
   (the capture-header fallback copies the annotated date on that set, see its README).
3. The sample corpus (corpus.generate, when importable): every labelled field of its pages.
4. Parse throughput in dumps/s on one core, on seed-shaped dumps.
Parts whose inputs are absent (no ../shared) are skipped with a note.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from transforms.decode import split_header
from transforms.extract.entities import extract_entities
from transforms.extract.losses import extract_losses
from transforms.extract.quotes import extract_quotes
from transforms.parse import parse_page
from transforms.records import DecodedDoc, ParsedPage

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "samples" / "000_e125cd4a15ae925c.txt"
DEVPAGES = SHARED / "devpages"


def decode_dump(path: Path) -> DecodedDoc:
    """The simple decode the eval needs: UTF-8, BOM stripped, header date split off."""
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    captured, rest, _problem = split_header(text)
    return DecodedDoc(
        doc_id=path.stem,
        path=path.name,
        sha256="",
        text=rest,
        encoding="utf-8",
        capture_date=captured or date(2000, 1, 1),
    )


def seed_checks(page: ParsedPage) -> list[tuple[str, bool, str]]:
    """(field, passed, shown value) for every field the seed's truth pins down."""
    body = page.body
    banned = (
        "Skip to content",
        "Edit post",
        "This audio is created with AI assistance",
        "response to Macron comments",
        "The Kyiv IndependentAlexander Khrebet",
        "is a reporter with the Kyiv Independent",
        "Comments",
        "424,060",
    )
    live = page.live_items[0] if page.live_items else None
    losses = extract_losses(page)
    quotes = extract_quotes(page, "seed")
    entities = {(e.entity, e.kind, e.origin) for e in extract_entities(page, "seed")}
    want_entities = {
        ("Guido Crosetto", "person", "text"),
        ("Emmanuel Macron", "person", "text"),
        ("Radoslaw Sikorski", "person", "text"),
        ("La Stampa", "organisation", "text"),
        ("NATO", "organisation", "text"),
    }
    tags = ["Ukraine", "Russia", "Italy", "Peace talks", "Vladimir Putin", "Volodymyr Zelensky"]
    want_tags = {(t, "topic", "tag") for t in tags}
    crosetto = [q for q in quotes if q.speaker == "Guido Crosetto"]
    checks = [
        ("source", page.source == "kyiv-independent", page.source),
        (
            "headline",
            page.headline == "Italian minister says he's against deploying Western "
            "troops in Ukraine",
            page.headline,
        ),
        ("authors", page.authors == ["Alexander Khrebet"], page.authors),
        (
            "published_at",
            page.published_at == datetime(2024, 3, 11, 0, 2, tzinfo=UTC),
            page.published_at,
        ),
        ("published_at_source", page.published_at_source == "byline", page.published_at_source),
        ("capture_date", page.capture_date == date(2024, 3, 11), page.capture_date),
        ("tags", page.tags == tags, page.tags),
        ("image_credit", page.image_credit == "Pierre Crom/Getty Images", page.image_credit),
        (
            "image_caption",
            bool(page.image_caption)
            and page.image_caption.startswith("A recently bombed")
            and "Getty" not in page.image_caption,
            (page.image_caption or "")[:40],
        ),
        ("body paragraphs", len(page.paragraphs) == 10, len(page.paragraphs)),
        (
            "body first",
            body.startswith("Italian Defense Minister Guido Crosetto has expressed"),
            body[:40],
        ),
        ("body last", body.endswith("freedom, territory, and security."), body[-40:]),
        ("body clean", not any(b in body for b in banned), [b for b in banned if b in body]),
        ("language", page.language == "en", page.language),
        (
            "live item",
            len(page.live_items) == 1
            and live is not None
            and live.published_at == datetime(2024, 3, 11, 7, 7, tzinfo=UTC)
            and live.headline == "General Staff: Russia has lost 424,060 troops in Ukraine."
            and live.body.startswith("Russia has lost 424,060"),
            live and live.published_at,
        ),
        (
            "related card",
            len(page.related) == 1
            and page.related[0].site == "The Kyiv Independent"
            and page.related[0].headline.startswith("West’s response"),
            len(page.related),
        ),
        (
            "bio",
            len(page.bios) == 1
            and page.bios[0].name == "Alexander Khrebet"
            and page.bios[0].role == "Reporter"
            and bool(page.bios[0].bio),
            page.bios[:1],
        ),
        (
            "loss report",
            [(r.report_date, r.category, r.total, r.delta) for _, r in losses]
            == [(date(2024, 3, 10), "personnel", 424060, 900)],
            losses,
        ),
        (
            "quotes",
            len(crosetto) >= 2 and {q.verb for q in crosetto} >= {"said", "told"},
            [(q.speaker, q.verb) for q in quotes],
        ),
        ("entities", want_entities <= entities, sorted(want_entities - entities)),
        ("tag entities", want_tags <= entities, sorted(want_tags - entities)),
    ]
    return [(name, ok, str(shown)[:90]) for name, ok, shown in checks]


def run_seed() -> None:
    print("== seed dump, field by field")
    if not SEED.exists():
        print(f"   skipped: {SEED} not found")
        return
    page = parse_page(decode_dump(SEED))
    if not isinstance(page, ParsedPage):
        print(f"   FAIL: rejected {page}")
        return
    checks = seed_checks(page)
    for name, ok, shown in checks:
        print(f"   {'pass' if ok else 'FAIL'}  {name:20s} {shown}")
    print(f"   {sum(ok for _, ok, _ in checks)}/{len(checks)} fields pass")


def predictions(dumps: list[Path]) -> tuple[list[dict], Counter]:
    rows, sources = [], Counter()
    for path in dumps:
        page = parse_page(decode_dump(path))
        if not isinstance(page, ParsedPage):
            rows.append({"id": path.stem, "body": ""})
            sources["rejected:" + page.reason] += 1
            continue
        sources[page.published_at_source or "none"] += 1
        rows.append(
            {
                "id": path.stem,
                "body": page.body,
                "headline": page.headline,
                "author": page.authors,
                "published_at": page.published_at.isoformat() if page.published_at else None,
                "date_source": page.published_at_source,
            }
        )
    return rows, sources


def _score(pred_path: Path, *extra: str) -> str:
    cmd = [sys.executable, str(DEVPAGES / "score.py"), str(pred_path), *extra]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def run_devpages(per_page: bool = False) -> None:
    print("== devpages (../shared/devpages), scored by its score.py")
    if not (DEVPAGES / "score.py").exists():
        print(f"   skipped: {DEVPAGES} not found")
        return
    truth = [json.loads(x) for x in (DEVPAGES / "truth.jsonl").open(encoding="utf-8") if x.strip()]
    dumps = [DEVPAGES / "dumps" / f"{t['id']}.txt" for t in truth]
    parse_page(decode_dump(dumps[0]))  # load the language model before the clock starts
    started = time.perf_counter()
    rows, sources = predictions(dumps)
    elapsed = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "predictions.jsonl"
        pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        print(_score(pred, *(["--per-page"] if per_page else [])).rstrip())
        text_only = Path(tmp) / "text_dates.jsonl"
        text_only.write_text(
            "".join(
                json.dumps(
                    {
                        **r,
                        "published_at": None
                        if r.get("date_source") == "header"
                        else r.get("published_at"),
                    },
                    ensure_ascii=False,
                )
                + "\n"
                for r in rows
            )
        )
        line = [x for x in _score(text_only).splitlines() if x.startswith("date accuracy")]
        print(f"   dates found in the page text only: {line[0] if line else '?'}")
        print(f"   date sources: {dict(sources)}")
        langs = Counter(t["language"] for t in truth)
        print("   per language:  lang   n  contain exclude  title author   date")
        for lang, n in langs.most_common():
            js = Path(tmp) / f"{lang}.json"
            _score(pred, "--lang", lang, "--json", str(js))
            o = json.loads(js.read_text())["overall"]
            cells = [o["contain"], o["exclude"], o["title_acc"], o["author_acc"], o["date_acc"]]
            shown = "  ".join("   n/a" if v is None else f"{v:6.3f}" for v in cells)
            print(f"                  {lang:4s} {n:3d}  {shown}")
        _print_halves(truth, rows)
    print(
        f"   parsed {len(dumps)} pages in {elapsed:.2f} s ({len(dumps) / elapsed:.0f} pages/s, "
        f"{elapsed / len(dumps) * 1000:.1f} ms/page)"
    )


def half_of(page_id: str) -> int:
    """0 or 1: the devpages half a page id falls in (tune on one half, check the other)."""
    return int(hashlib.sha1(page_id.encode()).hexdigest(), 16) % 2


def _print_halves(truth: list[dict], rows: list[dict]) -> None:
    spec = importlib.util.spec_from_file_location("devpages_score", DEVPAGES / "score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    preds = {
        r["id"]: {
            **r,
            "date": r.get("published_at") if r.get("date_source") != "header" else None,
        }
        for r in rows
    }
    print("   per half (sha1 of id):  contain exclude  title author   date (found in the text)")
    for half in (0, 1):
        part = [t for t in truth if half_of(t["id"]) == half]
        o = scorer.score(part, preds)[1]
        cells = [o["contain"], o["exclude"], o["title_acc"], o["author_acc"], o["date_acc"]]
        shown = "  ".join("   n/a" if v is None else f"{v:6.3f}" for v in cells)
        print(f"                  H{half} {len(part):3d}  {shown}")


def corpus_scores(n: int, seed: int = 3) -> dict[str, list[int]] | None:
    """field -> [correct, total] over the sample corpus' labelled pages (None if absent)."""
    try:
        from corpus.generate import iter_dumps
    except ImportError:
        return None
    from itertools import islice

    from transforms.decode import decode
    from transforms.records import RawDoc

    tally: dict[str, list[int]] = {}

    def count(field: str, ok: bool, total: int = 1) -> None:
        cell = tally.setdefault(field, [0, 0])
        cell[0] += int(ok) if total == 1 else ok
        cell[1] += total

    for dump in islice(iter_dumps(max(n, 100), seed), n):
        label = dump.label
        raw = RawDoc(dump.name, len(dump.data), "0" * 64, dump.data)
        doc = decode(raw, date(2100, 1, 1))
        page = parse_page(doc) if isinstance(doc, DecodedDoc) else doc
        if label.headline is None:
            if label.kind != "bad_mixed":  # mixed encodings are the decoder's to catch or repair
                count("bad files rejected", not isinstance(page, ParsedPage))
            continue
        if not isinstance(page, ParsedPage):
            count("parsed", False)
            continue
        count("parsed", True)
        count("source", page.source == label.site)
        count("headline", page.headline == label.headline)
        count("authors", tuple(page.authors) == tuple(label.authors))
        count("published_at", page.published_at == label.published_at)
        if label.tags and label.site != "black-sea-monitor":  # BSM pages show no tags
            count("tags", tuple(page.tags) == tuple(label.tags))
        got = [(i.time_text, i.headline) for i in page.live_items]
        count("live items", got == [(t.time_text, t.headline) for t in label.live])
        want = {(f.report_date, f.category, f.total, f.delta) for t in label.live for f in t.losses}
        have = {(r.report_date, r.category, r.total, r.delta) for _, r in extract_losses(page)}
        count("loss reports", have == want)
        truth = {(q.speaker, q.verb, q.quote) for q in label.quotes}
        found = {(q.speaker, q.verb, q.quote) for q in extract_quotes(page, "x")}
        count("quotes recall", len(truth & found), len(truth))
        count("quotes precision", len(truth & found), len(found))
    return tally


def run_corpus(n: int) -> None:
    print(f"== sample corpus (corpus.generate, {n} dumps, seed 3): fields against its labels")
    tally = corpus_scores(n)
    if tally is None:
        print("   skipped: corpus.generate not importable")
        return
    for field, (ok, total) in tally.items():
        share = ok / total if total else float("nan")
        print(f"   {field:20s} {share:6.3f}  ({ok}/{total})")


def run_speed(n: int) -> None:
    print("== parse throughput, one core")
    if not SEED.exists():
        print("   skipped: seed dump not found")
        return
    doc = decode_dump(SEED)
    # every copy differs a little, so no cache can serve one page's work to the next
    docs = [
        DecodedDoc(
            f"d{i}",
            f"d{i}.txt",
            "",
            doc.text.replace("has expressed", f"has expressed ({i})", 1),
            "utf-8",
            doc.capture_date,
        )
        for i in range(n)
    ]
    parse_page(docs[0])
    started = time.perf_counter()
    for d in docs:
        parse_page(d)
    elapsed = time.perf_counter() - started
    print(f"   parse_page: {n} seed-shaped dumps in {elapsed:.2f} s = {n / elapsed:,.0f} dumps/s")
    pages = [p for p in (parse_page(d) for d in docs[: min(n, 2000)]) if isinstance(p, ParsedPage)]
    started = time.perf_counter()
    for p in pages:
        extract_losses(p)
        extract_quotes(p, p.doc_id)
        extract_entities(p, p.doc_id)
    elapsed = time.perf_counter() - started
    print(f"   extract (losses+quotes+entities): {len(pages) / elapsed:,.0f} pages/s")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=5000, help="seed-shaped dumps for the speed run")
    ap.add_argument("--per-page", action="store_true", help="devpages scores per page")
    ap.add_argument("--corpus-n", type=int, default=1000, help="sample-corpus dumps to check")
    ap.add_argument("--skip", default="", help="comma list of parts to skip: seed,dev,corpus,speed")
    args = ap.parse_args(argv)
    skip = set(args.skip.split(","))
    if "seed" not in skip:
        run_seed()
    if "dev" not in skip:
        run_devpages(args.per_page)
    if "corpus" not in skip:
        run_corpus(args.corpus_n)
    if "speed" not in skip:
        run_speed(args.n)


if __name__ == "__main__":
    main()
