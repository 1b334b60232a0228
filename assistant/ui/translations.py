"""The page's words in either language, and one registry of the widgets that change with it.

A widget is created through `Translations.labelled` with the key of its text (or a function composing
it from several keys); the registry remembers that once, and `updates(lang)` relabels every such
widget when the language toggle changes.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gradio as gr

from assistant.ui.text import TEXT

# A widget's text: a key of TEXT, or a function of `t(key, **kwargs)` that composes it (a heading and its
# hint in one Markdown, a sentence with a value filled in).
Text = str | Callable[[Callable[..., str]], str]
# Widgets whose main text is their `value` (what a button says, what a Markdown shows); every other
# widget's main text is its `label`.
VALUE_TEXT = (gr.Button, gr.Markdown)


def t(lang: str, key: str, **kwargs: Any) -> str:
    """The text `key` in `lang` (Chinese for an unknown language), with `kwargs` filled in."""
    text = TEXT.get(lang, TEXT["zh"])[key]
    return text.format(**kwargs) if kwargs else text


class Translations:
    """The translated widgets of one page, built in `lang`."""

    def __init__(self, lang: str = "zh") -> None:
        self.lang = lang
        self._widgets: list[tuple[Any, dict[str, Text]]] = []

    def text(self, key: str, lang: str | None = None, **kwargs: Any) -> str:
        return t(lang or self.lang, key, **kwargs)

    @staticmethod
    def render(text: Text, lang: str) -> str:
        return text(lambda key, **kw: t(lang, key, **kw)) if callable(text) else t(lang, text)

    def labelled(self, factory: Callable[..., Any], text: Text, /, *, placeholder: Text | None = None,
                 **kwargs: Any) -> Any:
        """`factory(**kwargs)` with its main text (a Button's or Markdown's value, any other widget's
        label) and optional placeholder in the page's language; both follow the language toggle."""
        texts: dict[str, Text] = {self.main_text(factory): text}
        if placeholder is not None:
            texts["placeholder"] = placeholder
        widget = factory(**kwargs, **{prop: self.render(value, self.lang) for prop, value in texts.items()})
        self._widgets.append((widget, texts))
        return widget

    def heading(self, key: str, hint: str | None = None, level: int = 3, **kwargs: Any) -> Any:
        """A Markdown heading (and the hint under it), translated."""
        marks = "#" * level
        return self.labelled(gr.Markdown, lambda text: f"{marks} {text(key)}" + (f"\n{text(hint)}" if hint else ""),
                             **kwargs)

    @staticmethod
    def main_text(factory: Callable[..., Any]) -> str:
        return "value" if isinstance(factory, type) and issubclass(factory, VALUE_TEXT) else "label"

    @property
    def widgets(self) -> list[Any]:
        """Every translated widget, in the order of `updates`."""
        return [widget for widget, _ in self._widgets]

    def updates(self, lang: str) -> list[dict[str, Any]]:
        """One gr.update per translated widget with its texts in `lang`."""
        return [gr.update(**{prop: self.render(value, lang) for prop, value in texts.items()})
                for _, texts in self._widgets]
