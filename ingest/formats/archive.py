"""Zip archives read in place: every supported member becomes documents `archive.zip#dir/name.txt`.

Nothing is extracted into the store, so no member can write outside it; members with absolute or
`..` paths are refused by name, and size limits stop zip bombs before they are inflated.
"""
from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

MAX_MEMBERS = 5000
MAX_MEMBER_BYTES = 100 * 2**20  # one member, uncompressed
MAX_TOTAL_BYTES = 500 * 2**20  # the whole archive, uncompressed
MAX_RATIO = 200  # uncompressed / compressed, per member: beyond this it is a bomb, not a document


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name; zips from Chinese Windows store GBK names without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def is_unsafe(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":")


def read_zip(path: Path, source: str, is_supported: Callable[[Path], bool],
             read_member: Callable[[Path, str], Iterator], problems: list[str]) -> Iterator:
    """Documents of every supported member; refused members are described in `problems`."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        problems.append(f"{source}: not a readable zip archive ({exc}).")
        return
    with archive, tempfile.TemporaryDirectory(prefix="gongzhi-zip-") as tmp:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > MAX_MEMBERS:
            problems.append(f"{source}: {len(infos)} members, more than {MAX_MEMBERS}; split the archive.")
            return
        total = 0
        for info in sorted(infos, key=lambda i: i.filename):
            name = member_name(info)
            if is_unsafe(name):
                problems.append(f"{source}#{name}: refused, the member's path leaves the archive (absolute or '..').")
                continue
            if not is_supported(Path(name)):
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_MEMBER_BYTES or ratio > MAX_RATIO or total + info.file_size > MAX_TOTAL_BYTES:
                problems.append(f"{source}#{name}: refused, it inflates to {info.file_size} bytes "
                                f"(limit {MAX_MEMBER_BYTES} per member, {MAX_TOTAL_BYTES} per archive).")
                continue
            target = Path(tmp) / f"member{PurePosixPath(name).suffix.lower()}"
            written = 0
            with archive.open(info) as src, open(target, "wb") as dst:  # the declared size may lie: count
                while chunk := src.read(1 << 20):
                    written += len(chunk)
                    if written > MAX_MEMBER_BYTES:
                        break
                    dst.write(chunk)
            total += written
            if written > MAX_MEMBER_BYTES:
                problems.append(f"{source}#{name}: refused, it inflates beyond {MAX_MEMBER_BYTES} bytes.")
                continue
            yield from read_member(target, f"{source}#{name}")
