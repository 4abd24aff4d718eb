#!/bin/sh
# Make sure .venv runs a Python 3.11+ (the Makefile's first step before installing anything).
#
#   sh tools/check_python.sh PYTHON VENV CHOSEN GOAL
#
# PYTHON  the interpreter to build .venv with (make PYTHON=...)
# VENV    the virtual environment's folder
# CHOSEN  "yes" when the user chose PYTHON (command line or environment): then .venv must
#         run that Python's version; otherwise any working .venv with Python 3.11+ is kept
# GOAL    the make goal, only to word the hint ("make PYTHON=python3.12 lab")
#
# Problems end in one line on stderr and exit status 1. A .venv that does not run, runs a
# Python older than 3.11, or (CHOSEN) runs another version than PYTHON is removed and
# created again with PYTHON.
set -u
python=$1
venv=$2
chosen=$3
goal=${4:-lab}

# "3.11.7 ok" or "3.10.13 old"; nothing if the interpreter does not run. Python 2 can run it.
probe='import sys; v = sys.version_info; sys.stdout.write("%d.%d.%d %s\n" % (v[0], v[1], v[2], "ok" if v >= (3, 11) else "old"))'

version_of() {
    "$1" -c "$probe" 2>/dev/null
}

# The first python3.N (N = 14 ... 11) on PATH that runs, to suggest; python3.12 if none does.
suggestion() {
    for candidate in python3.14 python3.13 python3.12 python3.11; do
        case $(version_of "$candidate") in
        *" ok") echo "$candidate"; return ;;
        esac
    done
    echo python3.12
}

fail() {
    echo "$1" >&2
    exit 1
}

have=$(version_of "$venv/bin/python")
if [ "$chosen" != yes ] && [ "${have#* }" = ok ]; then
    exit 0  # a working .venv, and no other Python asked for
fi

want=$(version_of "$python")
if [ -z "$want" ]; then
    fail "No Python runs as '$python'; this series needs Python 3.11 or newer: install one, or choose another, e.g. make PYTHON=$(suggestion) $goal"
fi
if [ "${want#* }" != ok ]; then
    fail "Found Python ${want% *} as '$python'; this series needs Python 3.11 or newer: choose another, e.g. make PYTHON=$(suggestion) $goal"
fi

if [ -e "$venv" ]; then
    if [ "$have" = "$want" ]; then
        exit 0
    fi
    if [ -n "$have" ]; then
        now="Python ${have% *}"
    else
        now="no working Python"
    fi
    if [ ! -f "$venv/pyvenv.cfg" ]; then
        fail "$venv is in the way but is not a virtual environment; move it away, or choose another: make VENV=.venv2 $goal"
    fi
    echo "Recreating $venv: it has $now, not Python ${want% *} ('$python')."
    rm -rf "$venv"
fi
echo "Creating $venv with Python ${want% *} ('$python'); installing takes a few minutes the first time."
"$python" -m venv "$venv" || fail "'$python' -m venv $venv failed; on Debian/Ubuntu install the venv module: sudo apt-get install python3-venv"
