"""Check what the sdist and the wheel in a directory contain.

``python tools/check_dist.py dist`` fails with a list of what is wrong when:

- there is not exactly one sdist (``.tar.gz``) and one wheel (``.whl``);
- either lacks ``LICENSE`` or the SPDX licence fields in its metadata;
- the sdist lacks a file of ``tests/``, ``examples/`` or ``docs/`` that git
  tracks (the sdist's own tests read them), the README, CONTRIBUTING.rst or
  CITATION.cff;
- the wheel holds anything but the ``sk_hillclimb`` package and its
  ``.dist-info`` (no tests, examples, docs or benchmarks).
"""

import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_DIRS = ["tests", "examples", "docs"]
SHIPPED_FILES = ["LICENSE", "README.md", "CONTRIBUTING.rst", "CITATION.cff"]


def tracked_files(directory):
    """The files of ``directory`` that git tracks, relative to the root."""
    out = subprocess.run(
        ["git", "ls-files", directory],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(out.split())


def license_problems(metadata, where):
    fields = Parser().parsestr(metadata)
    problems = []
    if fields["License-Expression"] != "BSD-3-Clause":
        problems.append(f"{where}: License-Expression is not BSD-3-Clause")
    if "LICENSE" not in (fields.get_all("License-File") or []):
        problems.append(f"{where}: no License-File: LICENSE")
    return problems


def sdist_problems(path):
    with tarfile.open(path) as sdist:
        names = sdist.getnames()
        top = names[0].split("/")[0]
        files = {name.removeprefix(top + "/") for name in names}
        metadata = sdist.extractfile(f"{top}/PKG-INFO").read().decode()
    problems = license_problems(metadata, path.name)
    wanted = set(SHIPPED_FILES)
    for directory in SHIPPED_DIRS:
        wanted |= tracked_files(directory)
    problems += [f"{path.name}: missing {name}" for name in sorted(wanted - files)]
    return problems


def wheel_problems(path):
    with zipfile.ZipFile(path) as wheel:
        names = wheel.namelist()
        dist_info = next(n.split("/")[0] for n in names if ".dist-info/" in n)
        metadata = wheel.read(f"{dist_info}/METADATA").decode()
    problems = license_problems(metadata, path.name)
    if f"{dist_info}/licenses/LICENSE" not in names:
        problems.append(f"{path.name}: no {dist_info}/licenses/LICENSE")
    if "sk_hillclimb/__init__.py" not in names:
        problems.append(f"{path.name}: no sk_hillclimb package")
    stray = [n for n in names if n.split("/")[0] not in ("sk_hillclimb", dist_info)]
    problems += [f"{path.name}: should not ship {name}" for name in stray]
    return problems


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    dist = Path(argv[1])
    sdists, wheels = sorted(dist.glob("*.tar.gz")), sorted(dist.glob("*.whl"))
    if len(sdists) != 1 or len(wheels) != 1:
        sys.exit(f"expected one sdist and one wheel in {dist}: {sdists + wheels}")
    problems = sdist_problems(sdists[0]) + wheel_problems(wheels[0])
    if problems:
        sys.exit("\n".join(problems))
    with tarfile.open(sdists[0]) as sdist:
        n_sdist = sum(member.isfile() for member in sdist.getmembers())
    with zipfile.ZipFile(wheels[0]) as wheel:
        n_wheel = len(wheel.namelist())
    print(
        f"{sdists[0].name}: {n_sdist} files, LICENSE, README, tests, examples "
        f"and docs sources; {wheels[0].name}: {n_wheel} files, LICENSE, the "
        "package only"
    )


if __name__ == "__main__":
    main(sys.argv)
