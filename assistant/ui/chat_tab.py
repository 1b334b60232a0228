"""The 问答 tab: the chat with streamed, cited answers, example questions, filters, the sources panel and
the whole article, feedback on answers, and the answer's references to download."""
from __future__ import annotations

import logging
import time
from typing import Any

import gradio as gr

from assistant.answer import Assistant
from assistant.export import REFERENCE_STYLES
from assistant.feedback import FeedbackStore
from assistant.followup import resolve_followup
from assistant.records import Answer
from assistant.ui.answer_view import AnswerView, is_cited
from assistant.ui.assets import ARTICLE_JS, SOURCES_JS
from assistant.ui.downloads import Downloads
from assistant.ui.examples import ExampleQuestions
from assistant.ui.filters import Facets, filters_from
from assistant.ui.markup import esc
from assistant.ui.queues import ANSWER_QUEUE, PRIVATE
from assistant.ui.text import N_EXAMPLES
from assistant.ui.translations import Translations, t
from assistant.ui.turn import Turn

log = logging.getLogger("gongzhi.app")
STREAM_DELAY = 0.04  # seconds between streamed lines, so the answer visibly arrives


class ChatTab:
    """The chat and its handlers. `build()` creates the widgets inside the caller's gr.Blocks; `wire()`
    connects their events."""

    def __init__(self, assistant: Assistant, texts: Translations, answers: AnswerView, facets: Facets,
                 examples: ExampleQuestions, feedback: FeedbackStore, downloads: Downloads) -> None:
        self.assistant = assistant
        self.store = assistant.store
        self.texts = texts
        self.answers = answers
        self.facets = facets
        self.examples = examples
        self.feedback = feedback
        self.downloads = downloads

    # --- layout ------------------------------------------------------------------------------------------

    def build(self) -> None:
        tr, lang = self.texts, self.texts.lang
        with tr.labelled(gr.Tab, "tab_chat", id="chat"):
            self.turns = gr.State([])  # (inside the tab: gr.Tabs takes each of its children for a tab)
            self.feedback_target = gr.State(None)
            self.empty = gr.HTML(self.answers.render_empty(lang), visible=self.store.is_empty(), elem_id="gz-empty")
            with gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=420):
                    self._build_conversation()
                    with tr.labelled(gr.Accordion, "filters", open=False, elem_id="gz-filters"):
                        self._build_filters()
                with gr.Column(scale=2, min_width=340):
                    self._build_sources()

    def _build_conversation(self) -> None:
        tr, lang = self.texts, self.texts.lang
        self.chatbot = tr.labelled(gr.Chatbot, "chat_label", placeholder="chat_placeholder", show_label=False,
                                   elem_id="gz-chat", height=520, latex_delimiters=[], buttons=["copy", "copy_all"],
                                   feedback_options=("Like", "Dislike"), layout="bubble")
        with gr.Row(equal_height=True):
            self.question = tr.labelled(gr.Textbox, "input_label", placeholder="input_placeholder",
                                        show_label=False, elem_id="gz-question", scale=8, lines=1, max_lines=4,
                                        autofocus=True)
            self.send = tr.labelled(gr.Button, "send", variant="primary", elem_id="gz-send", scale=1, min_width=80)
        examples = self.examples.shown(lang)
        # Shown only over examples (an empty library has none); relabelled by refresh().
        self.examples_label = gr.Markdown(t(lang, "examples"), elem_id="gz-examples-label", visible=bool(examples))
        with gr.Row(elem_id="gz-examples"):
            self.example_buttons = [gr.Button(examples[i] if i < len(examples) else "", size="sm",
                                              variant="secondary", visible=i < len(examples),
                                              elem_classes=["gz-example"]) for i in range(N_EXAMPLES)]
        with gr.Group(visible=False) as self.comment_row:
            self.feedback_status = gr.Markdown("", elem_id="gz-feedback-status")
            with gr.Row(equal_height=True):
                self.comment = tr.labelled(gr.Textbox, "comment_label", placeholder="comment_placeholder",
                                           elem_id="gz-comment", scale=6)
                self.comment_send = tr.labelled(gr.Button, "comment_submit", scale=1, elem_id="gz-comment-send")

    def _build_filters(self) -> None:
        tr, lang = self.texts, self.texts.lang
        with gr.Row():
            self.district, self.street, self.practice = self.facets.dropdowns(lang, "gz-")
        with gr.Row():
            self.date_from = tr.labelled(gr.DateTime, "date_from", include_time=False, type="string",
                                         elem_id="gz-date-from")
            self.date_to = tr.labelled(gr.DateTime, "date_to", include_time=False, type="string",
                                       elem_id="gz-date-to")
            self.clear_filters = tr.labelled(gr.Button, "clear_filters", size="sm")
        undated_n = self.store.undated_count()
        self.undated = gr.Checkbox(False, label=t(lang, "undated_include", n=undated_n), elem_id="gz-undated",
                                   visible=undated_n > 0)
        self.undated_text = gr.Markdown(self.undated_note(lang), elem_id="gz-undated-note",
                                        elem_classes=["gz-date-note"])
        tr.labelled(gr.Markdown, "filters_hint")

    def _build_sources(self) -> None:
        tr, lang = self.texts, self.texts.lang
        self.sources = gr.HTML(self.answers.render_sources(None, -1, lang), elem_id="gz-sources",
                               js_on_load=SOURCES_JS, padding=False)
        self.article = gr.HTML(self.answers.render_article_hint(lang), elem_id="gz-article", js_on_load=ARTICLE_JS,
                               padding=False)
        with gr.Row(visible=False, equal_height=True, elem_id="gz-refs") as self.refs_row:
            tr.labelled(gr.Markdown, "refs_title", elem_classes=["gz-refs-label"])
            self.ref_buttons = [gr.DownloadButton(kind.label, size="sm", min_width=90, elem_id=f"gz-refs-{style}")
                                for style, kind in REFERENCE_STYLES.items()]

    # --- events ------------------------------------------------------------------------------------------

    @property
    def filter_inputs(self) -> list[Any]:
        return [self.district, self.street, self.practice, self.date_from, self.date_to, self.undated]

    def wire(self, lang: gr.Radio) -> None:
        """The chat's own events; `lang` is the page's language toggle."""
        self.district.input(self.facets.street_choices, [self.district, lang], [self.street],
                            api_visibility="private")
        chat_outputs = [self.chatbot, self.question, self.turns, self.sources, self.article, self.comment_row]
        refs_outputs = [self.refs_row, *self.ref_buttons]
        for asked, trigger in [(self.question, self.question.submit), (self.question, self.send.click),
                               *[(button, button.click) for button in self.example_buttons]]:
            trigger(self.respond, [asked, self.chatbot, self.turns, lang, *self.filter_inputs], chat_outputs,
                    **ANSWER_QUEUE).then(self.on_answered, [self.turns], refs_outputs, **PRIVATE)
        self.sources.cite(self.on_cite, [self.turns, lang], [self.sources, self.article], **PRIVATE)
        self.sources.cite(self.on_cite_references, [self.turns], refs_outputs, **PRIVATE)
        self.chatbot.like(self.on_like, [self.turns, lang],
                          [self.turns, self.feedback_target, self.comment_row, self.feedback_status], **PRIVATE)
        self.comment_send.click(self.save_comment, [self.feedback_target, self.comment, lang],
                                [self.comment, self.feedback_status], api_visibility="private")
        self.chatbot.clear(self.on_clear, [lang], [self.turns, self.feedback_target, self.sources, self.article,
                                                   self.comment_row], api_visibility="private")
        self.chatbot.clear(lambda: gr.update(visible=False), None, [self.refs_row], api_visibility="private")
        self.clear_filters.click(lambda: ("", "", "", None, None, False), None, self.filter_inputs,
                                 api_visibility="private")

    def on_clear(self, lang: str) -> tuple[Any, ...]:
        return ([], None, self.answers.render_sources(None, -1, lang), self.answers.render_article_hint(lang),
                gr.update(visible=False))

    @property
    def refreshed(self) -> list[Any]:
        """The widgets that follow the collection's contents (see `refresh`)."""
        return [self.empty, self.district, self.street, self.practice, *self.example_buttons, self.examples_label,
                self.undated, self.undated_text]

    def refresh(self, lang: str) -> list[Any]:
        """Updates for `refreshed`, after the collection or the language changed."""
        chosen = self.examples.shown(lang)
        undated_n = self.store.undated_count()
        return [gr.update(value=self.answers.render_empty(lang), visible=self.store.is_empty()),
                *self.facets.updates(lang),
                *[gr.update(value=chosen[i] if i < len(chosen) else "", visible=i < len(chosen))
                  for i in range(N_EXAMPLES)],
                gr.update(value=t(lang, "examples"), visible=bool(chosen)),
                gr.update(label=t(lang, "undated_include", n=undated_n), visible=undated_n > 0),
                self.undated_note(lang)]

    @property
    def relabelled(self) -> list[Any]:
        """The panels re-rendered in a new language (see `relabel`)."""
        return [self.sources, self.article]

    def relabel(self, lang: str, turns: list[Turn], article_html: str | None) -> list[Any]:
        """The sources panel in `lang`, and the article hint (an open article stays as it is)."""
        last = turns[-1] if turns else None
        showing_article = 'class="gz-article"' in (article_html or "")
        return [self.answers.render_sources(last, len(turns) - 1, lang),
                gr.skip() if showing_article else self.answers.render_article_hint(lang)]

    # --- handlers ----------------------------------------------------------------------------------------

    def undated_note(self, lang: str) -> str:
        """How many reports a date range leaves out (they have no date), under the date filters."""
        n = self.store.undated_count()
        return t(lang, "undated_note", n=n) if n else t(lang, "undated_none")

    def respond(self, message: str, chat: list, turns: list[Turn], lang: str, district: str | None,  # noqa: ANN201
                street: str | None, practice: str | None, date_from: Any, date_to: Any,
                undated: bool = False):
        """Stream an answer into the chat; yields (chat, textbox, turns, sources, article, comment row)."""
        message = (message or "").strip()
        if not message:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        chat = list(chat or [])
        turns = list(turns or [])
        turn_no = len(turns)
        resolved = resolve_followup(message, [turn.resolved for turn in turns])
        chat.append({"role": "user", "content": esc(message)})
        if self.store.is_empty():
            chat.append({"role": "assistant", "content": self.answers.render_empty(lang)})
            yield (chat, "", turns, self.answers.render_sources(None, -1, lang), self.answers.render_article_hint(lang),
                   gr.skip())
            return
        chat.append({"role": "assistant", "content": "…"})
        yield (chat, "", turns, self.answers.render_sources(None, -1, lang, searching=True),
               self.answers.render_article_hint(lang), gr.update(visible=False))
        filters = filters_from(district, street, practice, date_from, date_to, undated)
        shown = resolved if resolved != message else None
        final: Answer | None = None
        # Extractive answers arrive all at once: pace their lines so the reader sees them come in.
        # LLM tokens arrive on their own: coalesce them to at most one update per STREAM_DELAY.
        pace = getattr(self.assistant, "llm", None) is None
        last = 0.0
        try:
            for partial in self.assistant.ask_stream(resolved, filters=filters):
                final = partial
                if not pace and time.monotonic() - last < STREAM_DELAY:
                    continue
                chat[-1] = {"role": "assistant", "content": self.answers.render_answer(partial, turn_no, lang, shown)}
                yield chat, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
                last = time.monotonic()
                if pace:
                    time.sleep(STREAM_DELAY)
        except Exception as exc:  # noqa: BLE001 - shown to the reader instead of a stuck "…"
            log.exception("answering %r failed", resolved)
            chat[-1] = {"role": "assistant", "content": f'<div class="gz-noanswer"><div class="gz-noanswer-badge">'
                        f'{esc(t(lang, "error"))}</div>{esc(type(exc).__name__)}: {esc(exc)}</div>'}
            yield chat, gr.skip(), gr.skip(), self.answers.render_sources(None, -1, lang), gr.skip(), gr.skip()
            return
        if final is None:
            return
        turn = Turn(question=message, resolved=resolved, answer=final, filters=vars(filters).copy(),
                    message_index=len(chat) - 1)
        turns.append(turn)
        chat[-1] = {"role": "assistant", "content": self.answers.render_answer(final, turn_no, lang, shown)}
        yield chat, gr.skip(), turns, self.answers.render_sources(turn, turn_no, lang), gr.skip(), gr.skip()

    def on_cite(self, turns: list[Turn], lang: str, evt: gr.EventData):  # noqa: ANN201
        data = getattr(evt, "_data", None) or {}
        try:
            turn_no, key = int(data.get("turn", -1)), str(data.get("key", ""))
        except (TypeError, ValueError):
            return gr.skip(), gr.skip()
        if not 0 <= turn_no < len(turns or []):
            return gr.skip(), gr.skip()
        turn = turns[turn_no]
        sources = gr.skip() if data.get("shown") == turn_no else self.answers.render_sources(turn, turn_no, lang, key)
        return sources, self.answers.open_source(turn, key, lang)

    def on_like(self, turns: list[Turn], lang: str, evt: gr.LikeData):  # noqa: ANN201
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        turn = next((turn for turn in turns or [] if turn.message_index == index), None)
        if turn is None:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        if evt.liked is True or evt.liked == "Like":
            rating = 1
        elif evt.liked is False or evt.liked == "Dislike":
            rating = -1
        else:
            rating = 0
        if rating == 0:
            if turn.feedback_id is not None:
                self.feedback.remove(turn.feedback_id)
                turn.feedback_id = None
            return turns, None, gr.update(visible=False), t(lang, "thanks_removed")
        if turn.feedback_id is None:
            turn.feedback_id = self.feedback.add(turn.answer, rating, question=turn.question, filters=turn.filters)
        else:
            self.feedback.set_rating(turn.feedback_id, rating)
        status = t(lang, "thanks_up" if rating == 1 else "thanks_down")
        return turns, turn.feedback_id, gr.update(visible=True), status

    def save_comment(self, feedback_id: int | None, comment: str, lang: str):  # noqa: ANN201
        if feedback_id is None:
            return gr.skip(), t(lang, "comment_nothing")
        self.feedback.set_comment(int(feedback_id), comment or "")
        return "", t(lang, "comment_saved")

    # --- the answer's references ---------------------------------------------------------------------------

    def answer_references(self, turn: Turn | None) -> dict[str, str] | None:
        """Reference files for an answer's citations (what `ask --refs` prints), written once per answer."""
        if turn is None or not is_cited(turn.answer) or not turn.answer.citations:
            return None
        if turn.references is None:
            articles = [a for a in (self.store.article(c.article_id) for c in turn.answer.citations) if a]
            if not articles:
                return None
            turn.references = self.downloads.references(articles, "gongzhi-answer-references")
        return turn.references

    def references_update(self, turn: Turn | None) -> list[Any]:
        """The chat's download row: hidden without citations, else one button per reference style."""
        files = self.answer_references(turn)
        if not files:
            return [gr.update(visible=False)] + [gr.skip()] * len(REFERENCE_STYLES)
        return [gr.update(visible=True)] + [gr.update(value=files[style]) for style in REFERENCE_STYLES]

    def on_answered(self, turns: list[Turn]) -> list[Any]:
        return self.references_update(turns[-1] if turns else None)

    def on_cite_references(self, turns: list[Turn], evt: gr.EventData) -> list[Any]:
        """When the sources panel switches to another answer, the downloads follow it."""
        data = getattr(evt, "_data", None) or {}
        try:
            turn_no = int(data.get("turn", -1))
        except (TypeError, ValueError):
            turn_no = -1
        if data.get("shown") == turn_no or not 0 <= turn_no < len(turns or []):
            return [gr.skip()] * (1 + len(REFERENCE_STYLES))
        return self.references_update(turns[turn_no])
