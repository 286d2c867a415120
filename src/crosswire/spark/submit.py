"""The script ``spark-submit`` runs: the crosswire command line, with absolute imports.

    spark-submit --master yarn .../crosswire/spark/submit.py batch --input ... --output ...
"""
from crosswire.cli import main

if __name__ == "__main__":
    main()
