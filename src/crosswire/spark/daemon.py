"""PySpark's Python worker daemon, with crosswire's modules imported before it forks workers.

The daemon forks one Python worker per task slot (and anew after a worker exits); each
worker imported crosswire on its first task, spaCy's English word lists included, a few CPU
seconds every time. Imported here once, they are in every forked worker already (shared
copy-on-write). The session names this module as ``spark.python.daemon.module``.
"""
from pyspark.daemon import manager

import crosswire.spark.documents
import crosswire.spark.reuse
import crosswire.spark.stories

IMPORTED = (crosswire.spark.documents, crosswire.spark.reuse, crosswire.spark.stories)
"""What the forked workers find imported."""

if __name__ == "__main__":
    manager()
