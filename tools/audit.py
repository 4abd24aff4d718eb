"""The robustness audit (``make audit``): the notebook checks under rounding variations.

A pinned output (``# NBVAL_CHECK_OUTPUT``) must hold on every machine. Machines differ in
the last bits of their floating-point results: CPUs with and without AVX-512 run different
SIMD loops inside NumPy (exp, log, sums), BLAS splits its work by thread count, and a value
next to a rounding boundary flips only sometimes. This script runs the notebook checks
once per variation that imitates such a difference, and prints one table: a row per
notebook, a column per variation. It fails (exit status 1) when any check fails in any
variation.

Variations (all by default; choose with ``--variations perturb-1,threads-1`` or the
``AUDIT_VARIATIONS`` environment variable):

``perturb-1`` ... ``perturb-3``
    every LJ energy and force multiplied by ``1 + d``, ``|d| <= 1e-13``, with three seeds
    (the IPython start-up file in ``tests/perturbed/``, seeded by ``LJ_PERTURB_SEED``);
``threads-1``, ``threads-2``
    OpenBLAS and OpenMP limited to 1 and 2 threads;
``no-avx512``
    NumPy's AVX-512 loops switched off with ``NPY_DISABLE_CPU_FEATURES`` (the loops an
    AVX2-only CPU runs); reported as not applicable on a CPU without AVX-512;
``baseline-simd``
    NumPy's AVX2 and AVX-512 loops both switched off (an older CPU's loops).

``OPENBLAS_CORETYPE`` is never set or removed: some machines set it on purpose.

Usage::

    python tools/audit.py [--variations a,b] [--jobs 2] -- PYTEST_ARGUMENTS...

The pytest arguments select the notebook checks (the Makefile's ``NOTEBOOK_CHECKS``).
Every variation runs in a fresh IPython directory made with :mod:`tempfile` (inside
``$TMPDIR``, removed at the end); the full pytest output of each variation is saved in
``artifacts/audit/``.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STARTUP = ROOT / "tests" / "perturbed" / "ipython" / "profile_default" / "startup"
LOGS = ROOT / "artifacts" / "audit"
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
NOTEBOOK_ID = re.compile(r"(\d\d[a-z]?_[A-Za-z0-9_]+?)(?:\.ipynb|\]|$|::|\.py|\b)")


def cpu_dispatch():
    """NumPy's dispatchable SIMD targets on this CPU, e.g. ['X86_V3', 'X86_V4', ...].

    Baseline features (compiled in unconditionally) cannot be switched off; only these can.
    """
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    return [name for name in __cpu_dispatch__ if __cpu_features__.get(name)]


def is_avx512(name):
    return name.startswith("AVX512") or name == "X86_V4"


def variations(available):
    """Every variation as (name, environment changes, or a reason it does not apply)."""
    avx512 = [name for name in available if is_avx512(name)]
    wide = [name for name in available if is_avx512(name) or name in ("X86_V3", "AVX2")]
    no_avx512 = " ".join(avx512) if avx512 else None
    table = {}
    for seed in (1, 2, 3):
        table[f"perturb-{seed}"] = {"LJ_PERTURB_SEED": str(seed), "_perturb": "1"}
    for threads in (1, 2):
        table[f"threads-{threads}"] = dict.fromkeys(THREAD_VARIABLES, str(threads))
    table["no-avx512"] = (
        {"NPY_DISABLE_CPU_FEATURES": no_avx512}
        if no_avx512
        else "not applicable: this CPU has no AVX-512 loops in NumPy"
    )
    table["baseline-simd"] = (
        {"NPY_DISABLE_CPU_FEATURES": " ".join(wide)}
        if wide
        else "not applicable: NumPy runs only its baseline loops here"
    )
    return table


def disabled_features_took_effect(env):
    """The features named in NPY_DISABLE_CPU_FEATURES that NumPy reports as off."""
    probe = (
        "from numpy._core._multiarray_umath import __cpu_features__ as f;"
        "import os;"
        "print(' '.join(n for n in os.environ['NPY_DISABLE_CPU_FEATURES'].split() "
        "if not f.get(n)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def environment(changes, workdir):
    """os.environ with the variation's changes, and a fresh IPython directory."""
    env = dict(os.environ)
    env.pop("NPY_DISABLE_CPU_FEATURES", None)
    env.pop("LJ_PERTURB_SEED", None)
    ipython_dir = workdir / "ipython"
    (ipython_dir / "profile_default" / "startup").mkdir(parents=True)
    changes = dict(changes)
    if changes.pop("_perturb", None):
        for path in STARTUP.glob("*.py"):
            shutil.copy(path, ipython_dir / "profile_default" / "startup" / path.name)
    env.update(changes)
    env["IPYTHONDIR"] = str(ipython_dir)
    return env


def notebook_of(testcase):
    """The notebook a JUnit test case belongs to (its number and name), else '(other)'."""
    text = " ".join(testcase.get(key, "") for key in ("classname", "name", "file"))
    match = NOTEBOOK_ID.search(text)
    return match.group(1) if match else "(other)"


def results(junit_xml):
    """{notebook: (checks run, checks failed)} from a pytest JUnit XML report."""
    counts = {}
    for testcase in ET.parse(junit_xml).getroot().iter("testcase"):
        if testcase.find("skipped") is not None:
            continue
        failed = testcase.find("failure") is not None or testcase.find("error") is not None
        run, bad = counts.get(notebook_of(testcase), (0, 0))
        counts[notebook_of(testcase)] = (run + 1, bad + failed)
    return counts


def run_variation(name, changes, pytest_args, jobs, workdir):
    """Run the checks once; returns (exit status, {notebook: (run, failed)}, seconds)."""
    env = environment(changes, workdir)
    junit = workdir / "report.xml"
    command = [
        sys.executable, "-m", "pytest", "-n", str(jobs), "--dist", "loadfile",
        "-p", "no:cacheprovider", "-q", "-rfE", f"--junitxml={junit}", *pytest_args,
    ]  # fmt: skip
    start = time.perf_counter()
    with open(LOGS / f"{name}.log", "w") as log:
        status = subprocess.run(
            command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, check=False
        ).returncode
    seconds = time.perf_counter() - start
    counts = results(junit) if junit.exists() else {}
    return status, counts, seconds


def table(columns, notebooks):
    """The result table as text: one row per notebook, one column per variation."""
    header = ["notebook", *columns]
    rows = [header]
    for notebook in notebooks:
        row = [notebook]
        for name in columns:
            counts = columns[name]["counts"]
            if columns[name]["skip"]:
                row.append("n/a")
            elif notebook not in counts:
                row.append("-")
            else:
                run, failed = counts[notebook]
                row.append(f"FAIL {failed}/{run}" if failed else f"ok {run}")
        rows.append(row)
    footer = ["exit status / s"]
    for info in columns.values():
        footer.append("n/a" if info["skip"] else f"{info['status']} / {info['seconds']:.0f}")
    rows.append(footer)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows)
    return "\n".join(line.rstrip() for line in lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--variations",
        default=os.environ.get("AUDIT_VARIATIONS", ""),
        help="comma-separated names (default: all)",
    )
    parser.add_argument("--jobs", default=os.environ.get("JOBS", "2"))
    parser.add_argument("pytest_args", nargs="+", help="the notebook checks, after --")
    args = parser.parse_args(argv)

    available = cpu_dispatch()
    every = variations(available)
    chosen = [name for name in args.variations.split(",") if name] or list(every)
    unknown = [name for name in chosen if name not in every]
    if unknown:
        parser.error(f"unknown variation(s) {', '.join(unknown)}; choose from {', '.join(every)}")
    print(f"NumPy's dispatchable SIMD targets on this CPU: {' '.join(available) or 'none'}")
    print(f"pytest {' '.join(args.pytest_args)}, {args.jobs} workers, per variation")

    LOGS.mkdir(parents=True, exist_ok=True)
    columns = {}
    with tempfile.TemporaryDirectory(prefix="lj-audit-") as tmp:
        for name in chosen:
            changes = every[name]
            if isinstance(changes, str):
                print(f"{name}: {changes}")
                columns[name] = {"skip": True, "counts": {}}
                continue
            workdir = Path(tmp) / name
            workdir.mkdir()
            settings = " ".join(f"{k}={v}" for k, v in changes.items() if not k.startswith("_"))
            if "NPY_DISABLE_CPU_FEATURES" in changes:
                off = disabled_features_took_effect(environment(changes, workdir / "probe"))
                settings += f" (NumPy reports off: {' '.join(off) or 'none!'})"
            if "_perturb" in changes:
                settings += " + the IPython start-up perturbation"
            print(f"{name}: {settings}")
            sys.stdout.flush()
            status, counts, seconds = run_variation(
                name, changes, args.pytest_args, args.jobs, workdir
            )
            columns[name] = {"skip": False, "counts": counts, "status": status, "seconds": seconds}
            verdict = "passed" if status == 0 else f"FAILED (exit status {status})"
            log_path = LOGS.relative_to(ROOT) / f"{name}.log"
            print(f"  {verdict} in {seconds:.0f} s; log: {log_path}")
            if status:
                with open(LOGS / f"{name}.log") as log:
                    for line in log:
                        if line.startswith(("FAILED", "ERROR")):
                            print("   ", ANSI_COLOUR.sub("", line).rstrip())
            sys.stdout.flush()

    notebooks = sorted({nb for info in columns.values() for nb in info["counts"]})
    print()
    print(table(columns, notebooks))
    failed = [name for name, info in columns.items() if not info["skip"] and info["status"]]
    if failed:
        print(f"\nAudit FAILED in: {', '.join(failed)}. A pinned output changed: pin a claim, "
              "not a digit (CONTRIBUTING.md).")  # fmt: skip
        return 1
    print("\nAudit passed: every pinned output held under every variation.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
