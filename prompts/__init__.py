"""The one loader of prompts/: answer framing (`*_zh.toml`, `*_en.toml`) and LLM prompts (`llm_*.txt`).

The files are package data read through importlib.resources, so an installed `gongzhi` (not only a
checkout) finds them. Each file is checked as it is loaded: a TOML file has the same keys and the same
{placeholders} as its other-language twin, an LLM prompt has both sections and exactly the placeholders
the code fills.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib.resources import files
from typing import Any

PLACEHOLDER = re.compile(r"\{(\w+)\}")
_SECTION = re.compile(r"^===\s*(system|user)\s*===\s*$", re.M)


class PromptError(ValueError):
    """A prompt file is missing or does not match what the code fills in."""


def base_lang(lang: str) -> str:
    """The file language for an answer language: zh and zh-hant read the zh file (traditional answers
    are converted afterwards); every other language reads the en file."""
    return "zh" if lang.startswith("zh") else "en"


def _read(filename: str) -> str:
    resource = files(__name__) / filename
    if not resource.is_file():
        raise PromptError(f"prompts/{filename} is missing: restore it from the repository, or reinstall "
                          "gongzhi (`pip install .`) so that its prompt files are installed")
    return resource.read_text(encoding="utf-8")


def _placeholders(value: Any) -> set[str]:
    if isinstance(value, str):
        return set(PLACEHOLDER.findall(value))
    if isinstance(value, list):
        return set().union(*(_placeholders(v) for v in value)) if value else set()
    return set()


def _parse_toml(filename: str) -> dict[str, Any]:
    try:
        return tomllib.loads(_read(filename))
    except tomllib.TOMLDecodeError as exc:
        raise PromptError(f"prompts/{filename} is not valid TOML ({exc}): fix the line it names") from exc


@lru_cache(maxsize=16)
def texts(name: str, lang: str) -> dict[str, Any]:
    """prompts/{name}_{zh|en}.toml as a dict (zh for zh-hant). Where the other language's file exists,
    both must have the same keys and each key the same {placeholders}, or PromptError names the key."""
    base = base_lang(lang)
    table = _parse_toml(f"{name}_{base}.toml")
    other = "en" if base == "zh" else "zh"
    if not (files(__name__) / f"{name}_{other}.toml").is_file():
        return table
    twin = _parse_toml(f"{name}_{other}.toml")
    if missing := sorted(set(twin) ^ set(table)):
        raise PromptError(f"prompts/{name}_zh.toml and {name}_en.toml must have the same keys; "
                          f"only one of them has: {', '.join(missing)}")
    for key, value in table.items():
        if _placeholders(value) != _placeholders(twin[key]):
            raise PromptError(f"prompts/{name}_zh.toml and {name}_en.toml: key '{key}' has different "
                              f"placeholders ({sorted(_placeholders(value))} vs {sorted(_placeholders(twin[key]))})")
    return table


@lru_cache(maxsize=8)
def chat(name: str, lang: str, allowed: frozenset[str], required: frozenset[str]) -> tuple[str, str]:
    """(system, user) from prompts/{name}_{zh|en}.txt: lines before the first `=== system ===` marker
    are comments; the sections may use only the `allowed` placeholders and must use the `required` ones."""
    filename = f"{name}_{base_lang(lang)}.txt"
    parts = _SECTION.split(_read(filename))  # [comments, name, body, name, body]
    sections = {parts[i]: parts[i + 1].strip("\n") for i in range(1, len(parts) - 1, 2)}
    if set(sections) != {"system", "user"}:
        raise PromptError(f"prompts/{filename} needs a '=== system ===' and a '=== user ===' section")
    used = _placeholders(sections["system"]) | _placeholders(sections["user"])
    if unknown := used - allowed:
        raise PromptError(f"prompts/{filename} uses unknown placeholders {sorted(unknown)}; "
                          f"the code fills only {sorted(allowed)}")
    if absent := required - used:
        raise PromptError(f"prompts/{filename} must contain {sorted(absent)}")
    return sections["system"], sections["user"]
