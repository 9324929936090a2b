"""The `spark-submit` script: `spark-submit .../storyline/spark/submit.py INPUT... OUTPUT`.

spark-submit runs a file, not a module, so this launcher makes the installed (or checked-out)
package importable and hands over to `storyline.spark.job.main`.
"""

import os
import sys

if __name__ == "__main__":
    # Run as a script, this folder is sys.path[0]: drop it (its module names are the package's,
    # not top-level ones) and put the folder holding the `storyline` package on the path.
    _here = os.path.dirname(os.path.abspath(__file__))
    _src = os.path.dirname(os.path.dirname(_here))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]
    sys.path.append(_src)
    # Local Python workers inherit this, so a source checkout runs without installing; on a
    # cluster, storyline must be installed in the shipped environment (or sent as --py-files).
    _paths = [_src, os.environ.get("PYTHONPATH", "")]
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in _paths if p)
    from storyline.spark.job import main

    sys.exit(main(sys.argv[1:]))
