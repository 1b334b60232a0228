"""`pip install .` (not editable) gives one `gongzhi` command that works away from the checkout:
prompts and lexicons are package data, the default store is ./data, the subcommands are the CLIs'."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The project installed into a folder of its own (a wheel built here, without its dependencies,
    which the test's virtualenv already has)."""
    target = tmp_path_factory.mktemp("installed")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                    "--target", str(target), str(REPO)], check=True, capture_output=True, timeout=300)
    return target


def gongzhi(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    # PYTHONPATH puts the installed copy before the checkout's editable install
    env = {**os.environ, "PYTHONPATH": str(installed)}
    env.pop("GONGZHI_STORE", None)
    return subprocess.run([sys.executable, str(installed / "bin" / "gongzhi"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_installed_copy_holds_prompts_lexicons_and_app(installed):
    assert {p.name for p in (installed / "prompts").iterdir()} >= {
        "extractive_zh.toml", "extractive_en.toml", "llm_zh.txt", "llm_en.txt", "course_zh.toml"}
    assert (installed / "ingest" / "lexicon" / "gazetteer.tsv").is_file()
    assert (installed / "app.py").is_file()


def test_gongzhi_ask_answers_from_the_installed_copy(installed, seeds_store, tmp_path):
    done = gongzhi(installed, tmp_path, "ask", "海园居民区的社区共治金是怎么筹集的?", "--store", str(seeds_store.root),
                   "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["grounded"] and answer["citations"]
    assert "Traceback" not in done.stderr


def test_gongzhi_defaults_to_data_in_the_working_directory(installed, tmp_path):
    done = gongzhi(installed, tmp_path, "articles", "--json")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "data" / "kb.sqlite").is_file()  # not inside site-packages


def test_gongzhi_without_a_command_prints_usage(installed, tmp_path):
    done = gongzhi(installed, tmp_path)
    assert done.returncode == 2
    assert "gongzhi ask" in done.stderr and "gongzhi serve" in done.stderr


def test_a_prompt_file_out_of_step_is_named(installed, tmp_path):
    """The zh and en answer texts must have the same keys: a key missing from one is named at load time."""
    en = installed / "prompts" / "extractive_en.toml"
    original = en.read_text(encoding="utf-8")
    try:
        en.write_text("\n".join(line for line in original.splitlines() if not line.startswith("no_answer")),
                      encoding="utf-8")
        done = subprocess.run([sys.executable, "-c", "from prompts import texts; texts('extractive', 'zh')"],
                              cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(installed)},
                              capture_output=True, text=True, timeout=60)
    finally:
        en.write_text(original, encoding="utf-8")
    assert done.returncode != 0
    assert "PromptError" in done.stderr and "no_answer" in done.stderr
