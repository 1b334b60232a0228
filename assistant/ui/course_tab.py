"""The 课程 tab: course material on a topic, shown and downloadable as .md and .docx (the same function
as `python -m assistant course`)."""
from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.answer import Assistant
from assistant.course import build_course, to_docx, to_markdown
from assistant.ui.downloads import Downloads, safe_name
from assistant.ui.markup import esc
from assistant.ui.queues import ANSWER_QUEUE
from assistant.ui.translations import Translations, t


class CourseTab:
    """The course builder. `build()` creates the widgets inside the caller's gr.Blocks; `wire()` connects them."""

    def __init__(self, assistant: Assistant, texts: Translations, downloads: Downloads) -> None:
        self.assistant = assistant
        self.store = assistant.store
        self.texts = texts
        self.downloads = downloads

    def build(self) -> None:
        tr = self.texts
        with tr.labelled(gr.Tab, "tab_course", id="course"):
            tr.heading("course_title", hint="course_intro")
            with gr.Row(equal_height=True):
                self.topic = tr.labelled(gr.Textbox, "course_topic", placeholder="course_placeholder",
                                         elem_id="gz-course-topic", scale=6, lines=1, max_lines=1)
                self.build_btn = tr.labelled(gr.Button, "course_build", variant="primary", scale=1, min_width=100,
                                             elem_id="gz-course-build")
            with gr.Row(equal_height=True):
                self.summary = gr.Markdown("", elem_id="gz-course-summary")
                self.md = tr.labelled(gr.DownloadButton, "download_md", visible=False, size="sm", scale=0,
                                      min_width=160, elem_id="gz-course-md")
                self.docx = tr.labelled(gr.DownloadButton, "download_docx", visible=False, size="sm", scale=0,
                                        min_width=160, elem_id="gz-course-docx")
            self.outline = gr.Markdown("", elem_id="gz-course", latex_delimiters=[], line_breaks=True,
                                       buttons=["copy"], visible=False)

    def wire(self, lang: gr.Radio) -> None:
        gr.on([self.build_btn.click, self.topic.submit], self.on_build, [self.topic, lang],
              [self.outline, self.md, self.docx, self.summary], **ANSWER_QUEUE)

    def on_build(self, topic: str, lang: str) -> tuple[Any, ...]:
        if not (topic or "").strip():  # said beside the button in the page's language, not in a toast
            return gr.skip(), gr.skip(), gr.skip(), t(lang, "course_empty_topic")
        built = self.course(topic, lang)
        return (gr.update(value=built["markdown"], visible=True),
                gr.update(value=built["md"], visible=built["md"] is not None),
                gr.update(value=built["docx"], visible=built["docx"] is not None), built["summary"])

    def course(self, topic: str | None, lang: str) -> dict[str, Any]:
        """Course material on a topic, as `python -m assistant course`: the outline as escaped Markdown
        (for gr.Markdown), its .md and .docx files, and a one-line summary."""
        topic = (topic or "").strip()
        if not topic:
            raise gr.Error(t(lang, "course_empty_topic"), title=t(lang, "error_title"))
        if self.store.is_empty():
            return {"markdown": esc(t(lang, "empty_title")), "md": None, "docx": None, "summary": ""}
        built = build_course(self.assistant, topic)
        markdown = to_markdown(built)
        if not built.cases:
            return {"markdown": esc(markdown), "md": None, "docx": None, "summary": ""}
        folder = self.downloads.folder()
        stem = "课程-" + safe_name(topic)[:40]
        md = folder / f"{stem}.md"
        md.write_text(markdown, encoding="utf-8")
        docx = to_docx(built, folder / f"{stem}.docx")
        return {"markdown": esc(markdown), "md": str(md), "docx": str(docx),
                "summary": t(lang, "course_summary", cases=len(built.cases), refs=len(built.articles))}
