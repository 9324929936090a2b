"""The Spark job: the same stages as `storyline cluster --brief`, read and briefed per partition.

pyspark is imported only when the job runs, so importing this package costs nothing extra.
"""

from .job import JobResult, main, run_job, session

__all__ = ["JobResult", "main", "run_job", "session"]
