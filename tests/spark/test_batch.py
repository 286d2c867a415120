"""``crosswire batch``: the Spark engine gives the local engine's reuse, stories and variants.

Real Spark in ``local[2]`` (one session for the module); skipped without pyspark or Java.
The example corpus runs with spaCy; the 5,000-document synthetic corpus (marked slow) with
its planted annotations.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None or subprocess.run(["java", "-version"], capture_output=True, check=False).returncode != 0:
    pytest.skip("Spark needs Java", allow_module_level=True)

import pyarrow.parquet as pq

from crosswire.ingest import ingest_paths
from crosswire.model import EXPORT_ARRAYS, Document
from crosswire.spark import run_batch
from crosswire.spark.tables import read_tables
from crosswire.store.sqlite import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "corpus"


@pytest.fixture(scope="module")
def spark():
    from crosswire.spark.session import spark_session

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = spark_session("local[2]", app_name="crosswire-tests")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def example_documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example corpus as passim-style JSONL: clean texts from the local readers."""
    path = tmp_path_factory.mktemp("input") / "documents.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for item in ingest_paths([EXAMPLES]):
            if isinstance(item, Document):
                record = {"id": item.id, "text": item.text, "series": item.outlet, "date": item.published,
                          "title": item.title, "url": item.url, "kind": item.format}
                out.write(json.dumps(record) + "\n")
    return path


def tables(folder: Path) -> dict[str, list[dict[str, Any]]]:
    return dict(read_tables(str(folder)))


def reuse_links(found: dict[str, list[dict[str, Any]]]) -> set[tuple[str, str, str]]:
    return {(r["source"], r["target"], json.dumps(r["passages"], sort_keys=True)) for r in found["reuse"]}


def story_sets(found: dict[str, list[dict[str, Any]]]) -> set[frozenset[str]]:
    return {frozenset(s["documents"]) for s in found["stories"]}


def variant_sets(found: dict[str, list[dict[str, Any]]]) -> set[frozenset[str]]:
    return {frozenset(v["statements"]) for v in found["variants"]}


def assert_same_results(local: dict[str, list[dict[str, Any]]], spark: dict[str, list[dict[str, Any]]]) -> None:
    assert reuse_links(spark) == reuse_links(local)
    assert story_sets(spark) == story_sets(local)
    assert variant_sets(spark) == variant_sets(local)


@pytest.fixture(scope="module")
def example_results(spark, example_documents: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("results")
    local = run_batch(str(example_documents), str(out / "local"), engine="local")
    on_spark = run_batch(str(example_documents), str(out / "spark"), engine="spark")
    return out, local, on_spark


def test_example_corpus_same_on_both_engines(example_results) -> None:
    out, local, on_spark = example_results
    assert local["reuse"] > 0 and local["stories"] > 0 and local["variants"] > 0
    assert {k: v for k, v in on_spark.items() if k != "seconds"} == {k: v for k, v in local.items() if k != "seconds"}
    assert_same_results(tables(out / "local"), tables(out / "spark"))


def test_tables_have_the_export_schema(example_results, tmp_path: Path) -> None:
    """Every array is a folder of Parquet with the columns and types of ``export --format parquet``."""
    out, _, _ = example_results
    store_path = tmp_path / "imported.db"
    from crosswire.spark.tables import import_results

    with Store(store_path) as store:
        import_results(store, str(out / "spark"))
        from crosswire.export import export

        export(store, "parquet", tmp_path / "exported")
    for array in EXPORT_ARRAYS:
        exported = pq.read_schema(tmp_path / "exported" / f"{array}.parquet")
        written = pq.read_table(out / "spark" / array).schema
        assert [(f.name, f.type) for f in written] == [(f.name, f.type) for f in exported], array


def test_import_results_loads_a_store(example_results, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from crosswire.cli import main

    out, local, _ = example_results
    db = str(tmp_path / "web.db")
    result = CliRunner().invoke(main, ["--db", db, "import-results", str(out / "spark")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        counts = store.counts()
    assert counts["reuse"] == local["reuse"] + local["paraphrase"] and counts["stories"] == local["stories"]
    assert counts["documents"] == len(tables(out / "local")["documents"])


def test_cli_batch_local_engine(example_documents: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from crosswire.cli import main

    result = CliRunner().invoke(main, ["batch", "--engine", "local", "--input", str(example_documents),
                                       "--output", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(EXPORT_ARRAYS)


def test_parquet_input_and_bad_records(spark, tmp_path: Path) -> None:
    """Parquet documents are read like JSONL; a record without text is rejected, not fatal."""
    import pyarrow as pa

    rows = [
        {"id": "a", "text": "One plain sentence about the harbour strike and its long night.", "series": "X", "page": 1},
        {"id": "b", "text": "", "series": "Y", "page": 2},
    ]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "docs.parquet")
    summary = run_batch(str(tmp_path / "docs.parquet"), str(tmp_path / "out"), engine="spark")
    assert summary["rejected"] == 1
    assert [d["id"] for d in tables(tmp_path / "out")["documents"]] == ["a"]


@pytest.mark.slow
def test_synthetic_corpus_same_on_both_engines(spark, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from pyspark import cloudpickle

    from benchmarks import scale
    from benchmarks.synthetic import generate_annotated

    cloudpickle.register_pickle_by_value(scale)  # the planted extractor travels by value
    annotated = generate_annotated(5000, seed=1)
    corpus = tmp_path / "documents.jsonl"
    scale.write_corpus(annotated, corpus)
    scale.write_planted(annotated, tmp_path / "planted.db")
    extractor = scale.PlantedExtractor(tmp_path / "planted.db")
    local = run_batch(str(corpus), str(tmp_path / "local"), engine="local", extractor=extractor)
    run_batch(str(corpus), str(tmp_path / "spark"), engine="spark", extractor=extractor)
    assert local["reuse"] > 1000 and local["variants"] > 100
    assert_same_results(tables(tmp_path / "local"), tables(tmp_path / "spark"))


def test_local_session_gets_a_heap_for_the_joins(spark) -> None:
    """Spark's 1 GB default ran the 5k-document reuse joins out of heap on a loaded machine."""
    from crosswire.spark.session import LOCAL_DRIVER_MEMORY

    if "CROSSWIRE_SPARK_DRIVER_MEMORY" in os.environ:
        pytest.skip("heap set by the environment")
    assert spark.sparkContext.getConf().get("spark.driver.memory") == LOCAL_DRIVER_MEMORY
    heap = spark.sparkContext._jvm.java.lang.Runtime.getRuntime().maxMemory()  # what the JVM really got
    assert heap > 2.5 * 2**30


def test_unknown_step_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown steps storiez"):
        run_batch(str(tmp_path / "none.jsonl"), str(tmp_path / "out"), engine="local", steps=("reuse", "storiez"))


def test_chosen_steps_only(example_documents: Path, tmp_path: Path) -> None:
    """``steps`` runs those ``analyze`` steps alone (the scale benchmark runs reuse and stories)."""
    summary = run_batch(str(example_documents), str(tmp_path / "out"), engine="local", steps=("stories", "reuse"))
    assert {"reuse", "stories"} <= summary.keys() and not {"entities", "variants", "discrepancies"} & summary.keys()
    assert summary["reuse"] > 0 and tables(tmp_path / "out")["variants"] == []
