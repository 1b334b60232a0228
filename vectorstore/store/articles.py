"""Articles and chunks in SQLite: the files they came from, their practice cards, and every read of them
(listing, filters, facets, the chunks retrieval returns)."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from vectorstore.records import Article, ArticleRef, Card, Chunk, Place
from vectorstore.store.common import FileContent, Filters, StoredChunk
from vectorstore.store.database import Database


def article_from_row(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"], title=row["title"], source=row["source"], position=row["position"], lang=row["lang"] or "",
        published=row["published"], place=Place(district=row["district"], street=row["street"],
                                                  residential=row["residential"]),
        practices=json.loads(row["practices"]), text=row["text"], original=row["original"],
        file_hash=row["file_hash"], publication=row["publication"], authors=json.loads(row["authors"] or "[]"),
    )


class Articles:
    """The files, articles, chunks and cards tables."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @property
    def db(self) -> sqlite3.Connection:
        return self.database.conn

    # --- writing (inside the caller's transaction unless said) -----------------------------------

    def file_hash(self, source: str) -> str | None:
        row = self.db.execute("SELECT hash FROM files WHERE source = ?", (source,)).fetchone()
        return row["hash"] if row else None

    def write(self, f: FileContent) -> None:
        """One file's articles, chunks and cards in place of those it had, and the file itself."""
        self.db.execute("DELETE FROM articles WHERE source = ?", (f.source,))
        self.db.executemany(
            "INSERT OR REPLACE INTO articles (id, source, position, title, lang, published, district, street, "
            "residential, practices, text, original, file_hash, publication, authors) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(a.id, a.source, a.position, a.title, a.lang, a.published, a.place.district, a.place.street,
              a.place.residential, json.dumps(a.practices, ensure_ascii=False), a.text, a.original, a.file_hash,
              a.publication, json.dumps(a.authors, ensure_ascii=False)) for a in f.articles])
        self.db.executemany(
            'INSERT OR REPLACE INTO chunks VALUES (?,?,?,?,?,?)',
            [(c.id, c.article_id, c.index, c.text, c.start, c.end) for c in f.chunks])
        self.write_cards(f.cards)
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, datetime('now'))", (f.source, f.file_hash))

    def write_cards(self, cards: list[Card]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO cards VALUES (?, ?)",
                            [(card.article_id, card.model_dump_json()) for card in cards])

    def save_cards(self, cards: list[Card]) -> None:
        """Cards of stored articles, in their own transaction (`ingest check` fills in missing ones)."""
        with self.db:
            self.write_cards(cards)

    def delete(self, ids: list[str]) -> int:
        """Delete these articles (their chunks, cards, signatures and reprint links go with them)."""
        marks = ",".join("?" * len(ids))
        return self.db.execute(f"DELETE FROM articles WHERE id IN ({marks})", ids).rowcount

    def forget_file(self, source: str) -> None:
        self.db.execute("DELETE FROM files WHERE source = ?", (source,))

    # --- ids -------------------------------------------------------------------------------------

    def ids_of_source(self, source: str) -> list[str]:
        return [r["id"] for r in self.db.execute("SELECT id FROM articles WHERE source = ?", (source,))]

    def source_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT source FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row["source"] if row else None

    def source_has_articles(self, source: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE source = ? LIMIT 1", (source,)).fetchone() is not None

    def chunk_ids(self) -> set[str]:
        return {r["id"] for r in self.db.execute("SELECT id FROM chunks")}

    def chunk_ids_of_source(self, source: str) -> list[str]:
        return [r["id"] for r in self.db.execute(
            "SELECT c.id FROM chunks c JOIN articles a ON a.id = c.article_id WHERE a.source = ?", (source,))]

    def chunk_ids_of_articles(self, ids: list[str]) -> list[str]:
        marks = ",".join("?" * len(ids))
        return [r["id"] for r in self.db.execute(f"SELECT id FROM chunks WHERE article_id IN ({marks})", ids)]

    def sources(self, prefix: str | None = None) -> list[str]:
        """Every ingested source (byte copies recorded as duplicates included), or those starting with
        `prefix`."""
        sql = "SELECT source FROM files UNION SELECT source FROM duplicate_files"
        if prefix is None:
            return [r["source"] for r in self.db.execute(f"SELECT source FROM ({sql}) ORDER BY source")]
        rows = self.db.execute(f"SELECT source FROM ({sql}) WHERE substr(source, 1, ?) = ? ORDER BY source",
                               (len(prefix), prefix))
        return [r["source"] for r in rows]

    # --- reading ---------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return self.db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None

    def counts(self) -> dict[str, int]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {"files": one("SELECT COUNT(*) FROM files"), "articles": one("SELECT COUNT(*) FROM articles"),
                "chunks": one("SELECT COUNT(*) FROM chunks")}

    def all(self) -> Iterator[Article]:
        for row in self.db.execute("SELECT * FROM articles ORDER BY source, position"):
            yield article_from_row(row)

    def get(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return article_from_row(row) if row else None

    def rows(self, search: str = "", limit: int = 200) -> tuple[list[sqlite3.Row], int]:
        """A page of the library listing without article text: (rows, how many match)."""
        where, params = "", []
        if search.strip():
            term = search.strip()
            where = " WHERE instr(title, ?) > 0 OR instr(source, ?) > 0 OR id LIKE ?"
            params = [term, term, term + "%"]
        total = self.db.execute("SELECT COUNT(*) FROM articles" + where, params).fetchone()[0]
        rows = self.db.execute("SELECT id, title, district, street, practices, published, source FROM articles"
                               + where + " ORDER BY source, position LIMIT ?", [*params, limit]).fetchall()
        return rows, total

    def publication_years(self) -> set[str]:
        return {r[0] for r in self.db.execute(
            "SELECT DISTINCT substr(published, 1, 4) FROM articles WHERE published IS NOT NULL AND published != ''")}

    def mention(self, needle: str) -> bool:
        """Does any article's title or text contain this string? (a scan when none does)"""
        return self.db.execute("SELECT 1 FROM articles WHERE instr(title, ?) > 0 OR instr(text, ?) > 0 LIMIT 1",
                               (needle, needle)).fetchone() is not None

    def place_names(self) -> set[str]:
        """Every street and residential area named by an article (read from the facets index)."""
        return {name for row in self.db.execute("SELECT DISTINCT street, residential FROM articles")
                for name in row if name}

    def chunk_texts(self) -> Iterator[tuple[str, str]]:
        """(chunk id, title + newline + chunk text) of every chunk, by chunk id: what the keyword index
        holds."""
        rows = self.db.execute(
            "SELECT c.id, a.title, c.text FROM chunks c JOIN articles a ON a.id = c.article_id ORDER BY c.id")
        return ((r["id"], f"{r['title']}\n{r['text']}") for r in rows)

    def cards(self, district: str | None = None, street: str | None = None, undated: bool = False) -> Iterator[Card]:
        where, params = ["(a.published IS NULL OR a.published = '')"] if undated else [], []
        for column, value in (("district", district), ("street", street)):
            if value:
                where.append(f"a.{column} = ?")
                params.append(value)
        sql = ("SELECT c.card FROM cards c JOIN articles a ON a.id = c.article_id"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.source, a.position")
        for (raw,) in self.db.execute(sql, params):
            yield Card.model_validate_json(raw)

    def card(self, article_id: str) -> Card | None:
        row = self.db.execute("SELECT card FROM cards WHERE article_id = ?", (article_id,)).fetchone()
        return Card.model_validate_json(row[0]) if row else None

    def chunks_of(self, article_id: str) -> list[Chunk]:
        rows = self.db.execute('SELECT * FROM chunks WHERE article_id = ? ORDER BY idx', (article_id,))
        return [Chunk(id=r["id"], article_id=r["article_id"], index=r["idx"], text=r["text"], start=r["start"],
                      end=r["end"]) for r in rows]

    def get_chunks(self, ids: list[str]) -> dict[str, StoredChunk]:
        """Chunks SQLite knows, with their articles' references. Only columns stored before the article's
        texts are read: a later one would make SQLite walk the texts' overflow pages."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f'SELECT c.id AS cid, c.idx, c.text AS ctext, c.start, c."end", a.id, a.title, a.source, a.published, '
            f"a.district, a.street, a.residential, a.practices FROM chunks c "
            f"JOIN articles a ON a.id = c.article_id WHERE c.id IN ({marks})", ids).fetchall()
        out = {}
        for r in rows:
            chunk = Chunk(id=r["cid"], article_id=r["id"], index=r["idx"], text=r["ctext"], start=r["start"],
                          end=r["end"])
            article = ArticleRef(id=r["id"], title=r["title"], source=r["source"], published=r["published"],
                                 place=Place(district=r["district"], street=r["street"], residential=r["residential"]),
                                 practices=json.loads(r["practices"]))
            out[r["cid"]] = StoredChunk(chunk, article)
        return out

    def titles_of_file(self, source: str, limit: int) -> list[str]:
        return [r["title"] for r in self.db.execute(
            "SELECT title FROM articles WHERE source = ? OR substr(source, 1, ?) = ? ORDER BY position LIMIT ?",
            (source, len(source) + 1, source + "#", limit))]

    def undated_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles WHERE published IS NULL OR published = ''").fetchone()[0]

    def correct(self, article_id: str, values: dict[str, str | None]) -> None:
        """Set these columns of the article and the matching fields of its card (caller's transaction)."""
        if values:
            self.db.execute(f"UPDATE articles SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
                            [*values.values(), article_id])
        if (card := self.card(article_id)) is not None:
            card = card.model_copy(update={k: v for k, v in values.items() if k in ("title", "published")})
            self.write_cards([card])

    def filtered_chunk_ids(self, filters: Filters) -> set[str]:
        where, args = [], []
        if filters.district:
            where.append("a.district = ?")
            args.append(filters.district)
        if filters.street:
            where.append("a.street = ?")
            args.append(filters.street)
        if filters.practice:
            where.append("a.practices LIKE ?")
            args.append(f'%"{filters.practice}"%')
        dated = []
        if filters.date_from:
            dated.append("a.published >= ?")
            args.append(filters.date_from)
        if filters.date_to:
            dated.append("a.published <= ?")
            args.append(filters.date_to + "\uffff")
        if dated:
            undated = " OR a.published IS NULL OR a.published = ''" if filters.undated else ""
            where.append(f"(({' AND '.join(dated)}){undated})")
        if filters.source:
            where.append("a.source LIKE ?")
            args.append(f"%{filters.source}%")
        sql = "SELECT c.id FROM chunks c JOIN articles a ON a.id = c.article_id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return {r["id"] for r in self.db.execute(sql, args)}

    def facets(self) -> dict[str, list[tuple[str, int]]]:
        districts = self.db.execute(
            "SELECT district, COUNT(*) n FROM articles WHERE district IS NOT NULL GROUP BY district ORDER BY n DESC")
        streets = self.db.execute(
            "SELECT street, COUNT(*) n FROM articles WHERE street IS NOT NULL GROUP BY street ORDER BY n DESC")
        practice_counts: dict[str, int] = {}
        for (raw,) in self.db.execute("SELECT practices FROM articles"):
            for tag in json.loads(raw):
                practice_counts[tag] = practice_counts.get(tag, 0) + 1
        return {"district": [tuple(r) for r in districts], "street": [tuple(r) for r in streets],
                "practice": sorted(practice_counts.items(), key=lambda kv: -kv[1])}

    def street_counts(self, district: str) -> list[tuple[str, int]]:
        """The district's streets/towns with article counts, most articles first."""
        rows = self.db.execute(
            "SELECT street, COUNT(*) n FROM articles WHERE district = ? AND street IS NOT NULL "
            "GROUP BY street ORDER BY n DESC", (district,))
        return [(r[0], r[1]) for r in rows]
