"""The Spark job: the same stages as `storyline cluster --brief`, read and briefed per partition.

Nothing is imported here: the CLI reads `spark.options` on every run, and the job's modules
(and pyspark) load only when the job runs (`storyline.spark.job`).
"""
