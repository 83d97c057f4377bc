"""python -m dangbo.worker TARGET MEMORY_MB ANSWER_PATH (arguments pickled on stdin): see dangbo.worker."""
import sys

from . import _work

raise SystemExit(_work(sys.argv[1:]))
