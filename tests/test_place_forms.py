"""query.place_forms reads the gazetteer through a word index: the same places, in the same order, as the scan
of every entry it replaced, for every word of the gazetteer and of the seeds."""
from __future__ import annotations

from conftest import SEEDS
from assistant.query import _AREA_SUFFIX, place_forms
from ingest.enrich import gazetteer
from vectorstore.keyword import posseg_cut


def _scanned(word: str) -> list:
    """The gazetteer entries a word names, as place_forms found them before the index: a scan of every entry."""
    return [p for p in gazetteer() if word == p.alias or word == p.unit
            or p.kind != "district" and any(p.unit == word + suffix for suffix in _AREA_SUFFIX)]


def test_indexed_places_are_the_scanned_ones_for_every_word():
    from assistant.query import _places_named

    words = {w for p in gazetteer() for w in (p.alias, p.unit, p.unit[:-2], p.unit[:-1], p.district, p.alias[:2])}
    words |= {w for path in SEEDS.glob("*.txt") for w, _ in posseg_cut(path.read_text(encoding="utf-8"))}
    assert len(words) > 1000
    named = _places_named()
    for word in words:
        assert [gazetteer()[i] for i in named.get(word, ())] == _scanned(word), word
    assert sum(bool(_scanned(w)) for w in words) > 300  # most gazetteer words name a place


def test_place_forms_of_a_street_without_its_suffix_and_of_a_district():
    assert place_forms("石泉路")[:2] == ("石泉路", "石泉路街道")
    forms = place_forms("静安区")
    assert forms[0] == "静安区" and "静安寺街道" in forms
    assert place_forms("新村") == () and place_forms("居民") == ()
