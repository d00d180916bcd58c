"""Execute a notebook with nbclient and report the outcome as one JSON line on stdout.

Debian's nbconvert cannot say why a tslab cell failed (tslab's error reply carries no message; the error text is in the
cell's stderr stream), so this driver records the failing cell's index, pulls the error line out of its stderr, and
always saves the executed notebook, so a failed run can be inspected. Usage: execute.py IN OUT TIMEOUT KERNEL CWD
"""
import json
import re
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

src, dst, timeout, kernel, cwd = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
nb = nbformat.read(src, as_version=4)
nbformat.validator.normalize(nb)
# Execution timestamps would change every committed notebook on every run; without them a rerun that computes the same
# outputs leaves the file as it was.
for c in nb.cells:
    c.get("metadata", {}).pop("execution", None)
state = {"cell": None}


def on_cell_start(cell, cell_index):
    state["cell"] = cell_index


def error_line(cell):
    text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stderr")
    text += "".join(o.get("evalue", "") for o in cell.get("outputs", []) if o.get("output_type") == "error")
    matches = re.findall(r"^\s*((?:[A-Z]\w*)?(?:Error|Exception)\b.*)$", text, re.M)
    return matches[0].strip() if matches else (text.strip().splitlines() or ["cell failed without a message"])[-1]


client = NotebookClient(nb, timeout=timeout, kernel_name=kernel, resources={"metadata": {"path": cwd}},
                        on_cell_start=on_cell_start, record_timing=False)
result = {"ok": True}
try:
    client.execute()
except CellTimeoutError:
    # nbclient's message is several lines ending in a "-----" rule around the cell's source: say what happened.
    result = {"ok": False, "cell": state["cell"], "error": f"the cell did not finish within {timeout} s (raise --timeout)"}
except CellExecutionError:
    index = state["cell"]
    result = {"ok": False, "cell": index, "error": error_line(nb.cells[index]) if index is not None else "unknown"}
except Exception as exc:  # kernel died, ...: the first line that says something (not a rule of dashes)
    lines = [l.strip() for l in str(exc).splitlines() if l.strip() and not set(l.strip()) <= set("-=")]
    result = {"ok": False, "cell": state["cell"], "error": f"{type(exc).__name__}: {lines[0] if lines else 'no message'}"}
nbformat.write(nb, dst)
print(json.dumps(result))
