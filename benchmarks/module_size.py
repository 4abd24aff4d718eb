"""Line counts of ``lj_helpers.py``: code, docstrings and validation (issue 19's measure).

Usage: ``python benchmarks/module_size.py [path/to/lj_helpers.py]``.

- docstrings: lines of every module, class and function docstring;
- validation: lines of the ``_check*`` functions plus every ``if ...: raise`` block
  (an input check) outside them;
- code: the remaining non-blank, non-comment lines.
"""

import ast
import sys
from pathlib import Path


def _docstring_lines(tree):
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                if isinstance(first.value.value, str):
                    lines.update(range(first.lineno, first.end_lineno + 1))
        if isinstance(node, ast.ClassDef):  # attribute docstrings (NamedTuple fields)
            for a, b in zip(node.body, node.body[1:], strict=False):
                if isinstance(a, ast.AnnAssign) and isinstance(b, ast.Expr):
                    lines.update(range(b.lineno, b.end_lineno + 1))
    return lines


def _validation_lines(tree, docs):
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name.startswith(("_check", "_as_")):
            lines.update(range(node.lineno, node.end_lineno + 1))
        if isinstance(node, ast.If) and any(isinstance(s, ast.Raise) for s in node.body):
            lines.update(range(node.lineno, node.end_lineno + 1))
    return lines - docs


def main(path):
    source = Path(path).read_text()
    tree = ast.parse(source)
    text = source.splitlines()
    docs = _docstring_lines(tree)
    validation = _validation_lines(tree, docs)
    meaningful = {
        i
        for i, line in enumerate(text, start=1)
        if line.strip() and not line.strip().startswith("#")
    }
    validation &= meaningful
    code = meaningful - docs - validation
    print(f"total lines      {len(text)}")
    print(f"docstring lines  {len(docs)}")
    print(f"validation lines {len(validation)}")
    print(f"other code lines {len(code)}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[1] / "lj_helpers.py")
