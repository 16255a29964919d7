"""`site-builder init`: a new archive's folder, ready for ingest, build and CI."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from site_builder import __version__
from site_builder.core.errors import SiteBuilderError

# The CI systems `init --ci` knows: name -> (starter file, where it goes in the archive).
CI_FILES: dict[str, tuple[str, str]] = {
    "github": ("publish.yml", ".github/workflows/publish.yml"),
    "gitlab": ("gitlab-ci.yml", ".gitlab-ci.yml"),
}
# Starter file -> where it goes; every archive gets these.
COMMON_FILES: dict[str, str] = {
    "site.toml": "site.toml",
    "gitignore": ".gitignore",
    "requirements.txt": "requirements.txt",
    "example-seed.txt": "seeds/example.txt",
}
FOLDERS = ("seeds", "content", "static")


class InitError(SiteBuilderError, ValueError):
    pass


def starter_text(name: str) -> str:
    """A starter file as `init` writes it (the version this tool is, where it is pinned)."""
    text = resources.files("site_builder.starter").joinpath(name).read_text(encoding="utf-8")
    return text.replace("@VERSION@", __version__)


def init_archive(folder: Path, ci: str | None) -> list[str]:
    """Write a new archive into `folder` (made if missing); returns the files written, as
    paths under it. Nothing is overwritten: when any of the files exists already, nothing
    is written and InitError names them."""
    files = dict(COMMON_FILES)
    if ci is not None:
        starter, target = CI_FILES[ci]
        files[starter] = target
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} is a file; name a folder (a new one, or one without a site.toml)")
    present = sorted(target for target in files.values() if (folder / target).exists())
    if present:
        raise InitError(f"{folder} has {', '.join(present)} already; nothing was written. Run init in a new "
                        "folder, or move those files away first")
    folders = [folder / name for name in FOLDERS] + [(folder / target).parent for target in files.values()]
    for needed in folders:
        blocking = next((above for above in (needed, *needed.parents) if above.exists() and not above.is_dir()), None)
        if blocking is not None:
            raise InitError(f"{blocking} is a file, where init makes a folder; move it away or name another "
                            "folder; nothing was written")
    try:
        for needed in folders:
            needed.mkdir(parents=True, exist_ok=True)
        for starter, target in files.items():
            (folder / target).write_text(starter_text(starter), encoding="utf-8", newline="\n")
    except OSError as exc:
        raise InitError(f"cannot write the new archive into {folder} ({exc.strerror or exc}: "
                        f"{exc.filename or folder})") from None
    return sorted(files.values())
