"""Package one edition as a deployable folder and a reproducible archive with SHA-256 checksums."""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import shutil
import sys
import tarfile
from pathlib import Path

SKIP = {".buildinfo", ".doctrees", "_anchors.txt"}


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stage(builddir: Path, dest: Path) -> None:
    """Copy the site (without build internals) and the PDF volumes into dest."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(builddir / "html", dest / "site", ignore=lambda d, names: [n for n in names if n in SKIP])
    (dest / "pdf").mkdir()
    for tex in sorted((builddir / "latex").glob("*.tex")):
        pdf = tex.with_suffix(".pdf")
        if pdf.exists():
            shutil.copy2(pdf, dest / "pdf" / pdf.name)


def archive(src: Path, target: Path, epoch: int) -> None:
    """A tar.gz whose bytes depend only on the files: sorted, fixed owner and time."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(src.rglob("*")):
            info = tar.gettarinfo(str(path), arcname=str(Path(src.name) / path.relative_to(src)))
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mtime = epoch
            info.mode = 0o755 if path.is_dir() else 0o644
            if path.is_file():
                with path.open("rb") as fh:
                    tar.addfile(info, fh)
            else:
                tar.addfile(info)
    with target.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=epoch) as gz:
        gz.write(buf.getvalue())


def main(builddir: str, edition: str, version: str) -> int:
    """Stage, archive and checksum one edition under _build/dist."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    dist = Path("_build/dist")
    dist.mkdir(parents=True, exist_ok=True)
    name = f"juki-corpus-{edition}-{version}"
    folder = dist / name
    stage(Path(builddir), folder)
    tgz = dist / f"{name}.tar.gz"
    archive(folder, tgz, epoch)
    sums = [f"{sha256(p)}  {p.relative_to(folder)}" for p in sorted(folder.rglob("*")) if p.is_file()]
    (folder / "SHA256SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")
    (dist / f"{name}.tar.gz.sha256").write_text(f"{sha256(tgz)}  {tgz.name}\n", encoding="utf-8")
    print(f"{edition}: {folder}/ and {tgz} ({sha256(tgz)[:12]}…)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
