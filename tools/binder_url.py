"""Print the Binder link for this clone's GitHub ``origin``: ``make binder-url``.

The link opens JupyterLab on the first notebook, like the README's badge. For a fork,
put the printed link in the badge. Any other ``origin`` ends in one line saying what
to do, with exit status 1.
"""

import re
import subprocess
import sys

NOTEBOOK = "notebooks/01_data_generation.ipynb"

# https://github.com/OWNER/REPO(.git), with optional user@ and port;
# git@github.com:OWNER/REPO(.git); ssh://git@github.com(:22)/OWNER/REPO(.git);
# git://github.com/OWNER/REPO(.git)
GITHUB = re.compile(
    r"""^(?:
        (?:https?|ssh|git)://(?:[^@/]+@)?(?:www\.)?github\.com(?::\d+)?/
      | [^@/:]+@github\.com:
    )
    (?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)
    /(?P<repo>[A-Za-z0-9._-]+?)
    (?:\.git)?/?$""",
    re.VERBOSE,
)


def binder_url(remote):
    """Binder link into JupyterLab on notebook 01 for a GitHub remote URL; ValueError otherwise."""
    match = GITHUB.match(remote.strip())
    if not match or match["repo"] in {".", ".."}:
        shown = re.sub(r"//[^/@]*@", "//", remote.strip())  # no user name or token
        raise ValueError(
            f"origin is {shown!r}, not a GitHub repository; Binder's badge needs one: "
            "push this repository to GitHub, then "
            "git remote set-url origin https://github.com/OWNER/REPO.git and make binder-url"
        )
    return (
        f"https://mybinder.org/v2/gh/{match['owner']}/{match['repo']}/HEAD"
        f"?urlpath=lab/tree/{NOTEBOOK}"
    )


def origin_url():
    """This clone's ``origin`` URL, or None if it has none."""
    result = subprocess.run(
        ["git", "remote", "get-url", "origin"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() if result.returncode == 0 else None


def main():
    remote = origin_url()
    if remote is None:
        sys.exit(
            "This clone has no 'origin' remote; push it to GitHub, then "
            "git remote add origin https://github.com/OWNER/REPO.git and make binder-url"
        )
    try:
        print(binder_url(remote))
    except ValueError as error:
        sys.exit(str(error))


if __name__ == "__main__":
    main()
