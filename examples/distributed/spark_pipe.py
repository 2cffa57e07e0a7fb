"""spark_pipe.py — policekg over JSON Lines with Spark's RDD.pipe (one policekg per partition).

    spark-submit examples/distributed/spark_pipe.py INPUT OUTPUT [--policekg PATH]
                 [--rules DIR] [--partitions N] [--distinct]

INPUT is JSON Lines ({"id","url","date","text"} per line; any path textFile reads, e.g.
hdfs:///news/*.jsonl), OUTPUT a directory of N-Quads part files. policekg and its rules
must be at the same paths on every executor (installed there, or shipped: on YARN,
`--files /usr/local/bin/policekg --archives rules.tgz#rules` with `--policekg ./policekg
--rules rules`, paths relative to the container). policekg exits non-zero when an article
fails; checkCode=True makes that fail the task instead of losing the article silently.
--distinct removes the triples repeated across articles (a shuffle of all the output:
stores do the same on load, so it is off by default).
"""
import argparse
import shlex

from pyspark.sql import SparkSession


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--policekg", default="policekg")
    ap.add_argument("--rules", default=None, help="rules directory on the executors")
    ap.add_argument("--partitions", type=int, default=None, help="repartition the input first")
    ap.add_argument("--distinct", action="store_true")
    a = ap.parse_args()

    cmd = [a.policekg, "extract", "--jsonl", "--format", "nquads", "-q"]
    if a.rules:
        cmd += ["-r", a.rules]
    cmd.append("-")

    spark = SparkSession.builder.appName("policekg").getOrCreate()
    lines = spark.sparkContext.textFile(a.input)
    if a.partitions:
        lines = lines.repartition(a.partitions)
    # Each element is one JSON line; pipe writes it and a newline to policekg's stdin and
    # turns every output line into an element.
    quads = lines.filter(lambda l: l.strip()).pipe(shlex.join(cmd), checkCode=True)
    if a.distinct:
        quads = quads.distinct()
    quads.saveAsTextFile(a.output)
    spark.stop()


if __name__ == "__main__":
    main()
