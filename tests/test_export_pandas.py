"""The export as a researcher meets it: `tracker export` run as a process, its tables read with
pandas exactly as docs/export.md says, CSV and Parquet alike."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "positions"
DOC = REPO / "docs" / "export.md"


def export(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "--data", str(BUNDLED), "export", str(folder), *args],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("export")
    export(base / "csv")
    export(base / "parquet", "--format", "parquet")
    return {"csv": base / "csv", "parquet": base / "parquet"}


def _recipe() -> list[str]:
    """The pandas lines of docs/export.md: the dates, the read_csv, the read_parquet."""
    block = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block is not None
    lines = [line for line in block.group(1).splitlines() if line.strip() and not line.startswith("import")]
    assert [line.split(" = ")[0] for line in lines] == ["dates", "positions", "positions"]
    return lines


def _dates_of_tables() -> dict[str, list[str]]:
    """Each table's `dates = [...]`, as its section of docs/export.md lists it."""
    found: dict[str, list[str]] = {}
    table = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            table = line[3:].strip()
        elif line.startswith("Dates, for pandas: `dates = ") and table:
            found[table] = json.loads(line.split("dates = ", 1)[1].rstrip("`"))
    return found


def test_the_docs_recipe_reads_every_table_alike_from_csv_and_parquet(exported: dict[str, Path]) -> None:
    dates_line, csv_line, parquet_line = _recipe()
    listed = _dates_of_tables()
    assert listed["positions"] == eval(dates_line.split(" = ", 1)[1].split("#")[0])  # noqa: S307 - the doc's own literal
    package = json.loads((exported["csv"] / "datapackage.json").read_text())
    for resource in package["resources"]:
        name = resource["name"]
        dates = listed.get(name, [])
        assert dates == [f["name"] for f in resource["schema"]["fields"] if f["type"] == "date"], name
        # The doc's two lines, for this table: word for word but the table's name and the folder.
        namespace = {"pd": pd, "dates": dates}
        exec(csv_line.replace("positions", name).replace('"out/', f'"{exported["csv"]}/'), namespace)  # noqa: S102
        from_csv = namespace[name]
        exec(parquet_line.replace("positions", name).replace('"out/', f'"{exported["parquet"]}/'), namespace)  # noqa: S102
        from_parquet = namespace[name]
        assert list(from_csv.columns) == list(from_parquet.columns) == [f["name"] for f in resource["schema"]["fields"]]
        assert len(from_csv) == len(from_parquet)
        # An empty table has no values to type: pandas reads its columns as objects. (The bundled
        # data has no events.yaml of its own yet; the tests' data with events is typed in test_export.)
        for field in resource["schema"]["fields"] if len(from_csv) else []:
            column = field["name"]
            if field["type"] == "date":
                assert from_csv[column].dtype.kind == from_parquet[column].dtype.kind == "M", (name, column)
            if field["type"] == "boolean":
                assert from_csv[column].dtype == from_parquet[column].dtype == bool, (name, column)
        pd.testing.assert_frame_equal(from_csv, from_parquet, check_dtype=False)


def test_new_is_true_or_false_and_true_where_the_diff_says_new(exported: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    from tracker.loader import load_dataset
    from tracker.report.comparison import compare
    from tracker.report.records import diff_document

    positions = pd.read_csv(exported["csv"] / "positions.csv")
    assert positions["new"].dtype == bool and positions["first_on_record"].dtype == bool
    rounds = list(pd.read_csv(exported["csv"] / "rounds.csv")["round"])
    assert len(rounds) >= 3
    said_new = set()
    # The JSON `tracker diff` prints, made in the test process from one load (a comparison tells
    # what a whole load tells: tests/test_partial_load.py); the export above is the process a
    # researcher runs.
    dataset = load_dataset(BUNDLED)
    for earlier, later in zip(rounds, rounds[1:]):
        added = diff_document(compare(dataset, earlier, later))["added"]
        said_new |= {(later, a["party"], a["id"]) for a in added if a["novelty"] == "new"}
    assert said_new
    marked = positions[positions["new"]]
    assert set(zip(marked["round"], marked["party"], marked["id"])) == said_new
    assert positions["new"].astype(bool).sum() == len(said_new)
    assert (positions["movement"] == "new").equals(positions["new"])


def test_delegations_name_the_other_members_and_their_size_with_its_sources(exported: dict[str, Path]) -> None:
    delegations = pd.read_csv(exported["csv"] / "delegations.csv")
    assert len(delegations) > 0
    for _, row in delegations.iterrows():
        members = [] if pd.isna(row["members"]) else row["members"].split("; ")
        assert row["head"] not in members
    sized = delegations[delegations["size"].notna()]
    assert len(sized) > 0 and sized["size_sources"].notna().all() and sized["size_raw"].notna().all()
    ukraine_june = delegations[(delegations["round"] == "2025-06-02-istanbul") & (delegations["party"] == "ukraine")].iloc[0]
    assert (ukraine_june["size"], ukraine_june["size_raw"]) == (14, "14-member delegation")
    assert "kyiv-independent-2025-06-02" in ukraine_june["size_sources"].split("; ")


def test_every_figure_names_the_sources_it_rests_on(exported: dict[str, Path]) -> None:
    figures = pd.read_csv(exported["csv"] / "figures.csv")
    evidence = pd.read_csv(exported["csv"] / "evidence.csv")
    catalogue = set(pd.read_csv(exported["csv"] / "sources.csv")["id"])
    assert len(figures) > 0 and figures["sources"].notna().all()
    for _, row in figures.iterrows():
        sources = row["sources"].split("; ")
        assert set(sources) <= catalogue
        if not pd.isna(row["source"]):
            assert row["source"] in sources
    # A figure given once whose subject cites one source names it as its `source`: no guessing.
    subject = ["round", "about", "party", "id"]
    cited = evidence.fillna({"party": "", "id": ""}).groupby(subject)["source"].nunique()
    once = figures[figures["claim"] == 1].fillna({"party": "", "id": ""})
    single = [row for _, row in once.iterrows() if cited.get(tuple(row[subject]), 0) == 1 and "; " not in row["sources"]]
    assert single and all(row["source"] == row["sources"] for row in single)


def test_export_says_what_it_wrote_where_and_how_many_rows(tmp_path: Path) -> None:
    result = export(tmp_path / "out", "--round", "june")
    lines = result.stdout.splitlines()
    assert lines[0] == f"wrote 13 tables (csv) and datapackage.json to {tmp_path / 'out'}/:"
    counted = {}
    for line in lines[1:-1]:
        name, count = re.fullmatch(r"  (\S+)\s+([\d,]+) rows?", line).groups()
        counted[name] = int(count.replace(",", ""))
    for name, count in counted.items():
        assert len(pd.read_csv(tmp_path / "out" / name)) == count, name
    assert counted["rounds.csv"] == 1
    assert lines[-1].split()[0] == f"{sum(counted.values()):,}"
