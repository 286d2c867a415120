"""A SparkSession with the settings the jobs rely on (Arrow transfer, no UI in local runs)."""
from __future__ import annotations

import os
import sys

from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[*]"
LOCAL_DRIVER_MEMORY = "3g"
"""Heap of a local run's one JVM, which holds the executors too. Spark's default (1g) is
too small for the reuse joins: with cached frames, two running tasks and a broadcast being
built, a 5,000-document corpus ran out of heap ("Not enough memory to build and broadcast
the table") on a loaded machine. ``CROSSWIRE_SPARK_DRIVER_MEMORY`` overrides it."""


def spark_session(master: str | None = None, app_name: str = "crosswire") -> SparkSession:
    """The active session, or a new one on ``master`` (``local[2]``, ``yarn``, ``k8s://...``).

    Under ``spark-submit`` (which starts the JVM and sets ``PYSPARK_GATEWAY_PORT``) the
    master and resources come from the submit command, so none is set here.
    """
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.appName(app_name)
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    if master or not submitted:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers need crosswire's packages
        builder = builder.master(master or DEFAULT_MASTER)
    if not submitted and (master or DEFAULT_MASTER).startswith("local"):
        memory = os.environ.get("CROSSWIRE_SPARK_DRIVER_MEMORY", LOCAL_DRIVER_MEMORY)
        builder = builder.config("spark.driver.memory", memory).config("spark.ui.enabled", "false")
        builder = builder.config("spark.sql.shuffle.partitions", "8")
        builder = builder.config("spark.ui.showConsoleProgress", "false")
    return (
        builder.config("spark.python.daemon.module", "crosswire.spark.daemon")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000")
        .getOrCreate()
    )
