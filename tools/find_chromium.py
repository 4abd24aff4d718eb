"""The Chromium that the browser tests drive, and how to get one.

Looked for in this order: the ``CHROMIUM`` environment variable (a path or a command
name; set, it is the only one tried), then ``chromium``, ``chromium-browser``,
``google-chrome`` and ``google-chrome-stable`` on PATH, then the usual install places.

``python tools/find_chromium.py --install`` (run by ``make test-browser``) prints
the one found; if none, installs Debian's ``chromium`` with apt-get when running as root,
and otherwise says in one line how to install it (the browser tests are then skipped).
"""

import os
import shutil
import subprocess
import sys

ENV = "CHROMIUM"
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PLACES = (
    "/usr/bin/chromium",
    "/usr/lib/chromium/chromium",
    "/snap/bin/chromium",
    "/opt/google/chrome/chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
HOW = f"install it (Debian/Ubuntu: sudo apt-get install chromium) or set {ENV}=/path/to/chromium"


def find_chromium(environ=os.environ, places=PLACES):
    """``(path, None)`` for the Chromium to use, or ``(None, reason)`` saying what to do."""
    wanted = environ.get(ENV)
    if wanted:
        path = shutil.which(wanted, path=environ.get("PATH"))
        if path:
            return path, None
        return None, f"{ENV}={wanted} is not an executable; {HOW}"
    for name in NAMES:
        path = shutil.which(name, path=environ.get("PATH"))
        if path:
            return path, None
    for place in places:
        if os.path.isfile(place) and os.access(place, os.X_OK):
            return str(place), None
    return None, f"no Chromium found; {HOW}"


def can_install():
    return os.geteuid() == 0 and shutil.which("apt-get") is not None


def install():
    """Debian's chromium with apt-get; True if that worked."""
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "chromium"],
    ):
        if subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=False).returncode:
            return False
    return True


def main(argv):
    path, reason = find_chromium()
    if path is None and "--install" in argv and not os.environ.get(ENV) and can_install():
        print("No Chromium found; installing Debian's chromium with apt-get (running as root).")
        if install():
            path, reason = find_chromium()
        else:
            reason = f"apt-get could not install chromium; {HOW}"
    if path:
        print(f"Chromium for the browser tests: {path}")
    else:
        print(f"Browser tests will be skipped: {reason}")


if __name__ == "__main__":
    main(sys.argv[1:])
