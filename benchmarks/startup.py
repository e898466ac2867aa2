"""Start-up: `claimcite --version`, `--help`, `rules` and `check` on the bundled example against
`python -c "import typer"`: issue #16 asks for `--version` <= 1.5x and `check` <= 2.5x.

In a pre-commit hook or an editor the start-up is the whole run. The example (`claims/`,
`manuscript/`, `references.bib` of this repository) is copied to a temporary folder and checked
once beforehand, so the timed runs find the cache filled, as every run but the first does.
Fresh processes, in turns, best of ten, wall and CPU time.

    python benchmarks/startup.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import best_of, claimcite

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    exe = claimcite()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("claims", "manuscript"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "references.bib", root / "references.bib")
        subprocess.run([exe, "check"], cwd=root, stdout=subprocess.DEVNULL, check=False)  # the cache filled
        commands = {
            'python -c "import typer"': [sys.executable, "-c", "import typer"],
            "claimcite --version": [exe, "--version"],
            "claimcite --help": [exe, "--help"],
            "claimcite rules": [exe, "rules"],
            "claimcite check (the example)": [exe, "check"],
        }
        timings = dict(zip(commands, best_of(list(commands.values()), root, rounds=10), strict=True))
    base_wall, base_cpu = timings['python -c "import typer"']
    targets = {"claimcite --version": 1.5, "claimcite check (the example)": 2.5}
    for label, (wall, cpu) in timings.items():
        target = f" (target <= {targets[label]})" if label in targets else ""
        print(
            f"{label:32} {wall:.3f}s wall, {cpu:.3f}s CPU; "
            f"ratio {wall / base_wall:.2f} wall, {cpu / base_cpu:.2f} CPU{target}"
        )


if __name__ == "__main__":
    main()
