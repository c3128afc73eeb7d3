"""Finding the files of the top-level `resources/` folder wherever the app runs from.

The repository keeps `resources/` beside `desktop/`, not inside the package, so each way of
running the app puts it somewhere else: a PyInstaller bundle unpacks it under `sys._MEIPASS`, an
installed package carries it inside `hftray/resources` or under `<prefix>/share`, and a source
checkout (or an editable install) has it two levels above the package.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hftray.core.errors import HFTrayError

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_SHARE_NAME = "coderclaw-hf-tray"


class ResourceMissingError(HFTrayError):
    """A file the app ships with cannot be found: the installation is incomplete."""


def resource_roots() -> list[Path]:
    """Candidate `resources/` folders, most specific first."""
    roots: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle) / "resources")
    roots.append(_PACKAGE_DIR / "resources")
    roots.append(_PACKAGE_DIR.parent.parent / "resources")
    roots.append(Path(sys.prefix) / "share" / _SHARE_NAME / "resources")
    return roots


def resource_path(*parts: str) -> Path:
    """The path of a shipped file, e.g. `resource_path("catalog", "builtin.json")`."""
    for root in resource_roots():
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    wanted = "/".join(parts)
    raise ResourceMissingError(
        f"the app's file resources/{wanted} is missing",
        fix="reinstall CoderClaw HF Tray",
    )
