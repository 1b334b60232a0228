"""The web app's theme, CSS and the two scripts of its HTML components (citation clicks, scroll to the passage)."""
from __future__ import annotations

import gradio as gr


def theme() -> gr.themes.Base:
    """Gradio's Soft theme with text and controls dark enough for WCAG AA (4.5:1): its grey text
    (neutral-400 on neutral-50, 2.4:1) and indigo-500 buttons and labels (4.46:1, 3.6:1) fall short."""
    return gr.themes.Soft().set(
        body_text_color_subdued="*neutral_600", body_text_color_subdued_dark="*neutral_300",
        block_label_text_color="*primary_700", block_title_text_color="*primary_700",
        block_label_text_color_dark="*primary_200", block_title_text_color_dark="*primary_200",
        button_primary_background_fill="*primary_600", button_primary_border_color="*primary_600",
        button_primary_background_fill_hover="*primary_700", button_primary_border_color_hover="*primary_700",
        checkbox_label_background_fill_selected="*primary_600", color_accent="*primary_600",
        input_placeholder_color="*neutral_500")

CSS = """
#gz-header-row { flex-wrap: wrap; align-items: center; row-gap: 4px; }
#gz-header { flex: 1 1 420px; min-width: min(420px, 100%) !important; }
.gz-header h1 { margin: 0; font-size: 1.6rem; }
footer .show-api, footer .settings, footer .built-with { color: var(--body-text-color) !important; }
.gz-header .gz-sub { color: var(--body-text-color-subdued); margin-top: 2px; }
.gz-header .gz-store { color: var(--body-text-color-subdued); font-size: 0.85rem; margin-top: 4px; }
#gz-lang { max-width: 200px; margin-left: auto; align-self: center; }
.gz-answer p { margin: 0.3em 0; }
.gz-answer ul { margin: 0.3em 0 0.3em 1.2em; padding: 0; }
.gz-answer li { margin: 0.25em 0; }
.gz-resolved { font-size: 0.8rem; color: var(--body-text-color-subdued); margin-bottom: 6px; }
.gz-notice { font-size: 0.8rem; color: #92400e; margin-top: 6px; }
a.gz-cite { display: inline-block; position: relative; padding: 0 5px; margin: 0 1px; border-radius: 5px;
  font-size: 0.82em; line-height: 1.35; text-decoration: none !important; background: #eef2ff;
  color: #3730a3 !important; border: 1px solid #4f46e5; vertical-align: 1px; }
/* The chip's touch target reaches 44x44 px without changing the line it sits in. */
a.gz-cite::after { content: ""; position: absolute; left: 50%; top: 50%; width: max(100%, 44px); height: 44px;
  transform: translate(-50%, -50%); }
a.gz-cite:hover, a.gz-cite:focus-visible { background: #4f46e5; color: white !important; }
.dark a.gz-cite { background: #312e81; color: #e0e7ff !important; border-color: #a5b4fc; }
.gz-noanswer { background: var(--neutral-100); border-left: 4px solid var(--neutral-400); border-radius: 6px;
  padding: 8px 12px; color: var(--body-text-color); }
.dark .gz-noanswer { background: var(--neutral-800); }
.gz-noanswer-badge { font-weight: 600; color: var(--neutral-700); margin-bottom: 4px; }
.dark .gz-noanswer-badge { color: var(--neutral-200); }
.gz-partial { background: #fffbeb; border-left: 4px solid #b45309; border-radius: 6px; padding: 8px 12px; }
.dark .gz-partial { background: #3b2a06; }
.gz-partial-badge { font-weight: 600; color: #92400e; margin-bottom: 4px; }
.dark .gz-partial-badge { color: #fcd34d; }
.gz-related-head { font-size: 0.85rem; color: var(--body-text-color-subdued); margin-top: 6px; }
.gz-empty { border: 1px dashed var(--color-accent); border-radius: 8px; padding: 12px 16px;
  background: var(--color-accent-soft); }
.gz-empty h3 { margin: 0 0 6px 0; }
.gz-empty ol { margin: 4px 0 0 1.2em; }
#gz-sources .gz-sources { max-height: 440px; overflow-y: auto; padding-right: 4px; }
#gz-examples-label p { margin: 4px 0 0 0; font-size: 0.85rem; color: var(--body-text-color-subdued); }
.gz-sources-head { font-weight: 600; margin-bottom: 4px; }
.gz-sources-q { font-size: 0.8rem; color: var(--body-text-color-subdued); margin-bottom: 6px; }
.gz-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px;
  margin-bottom: 8px; cursor: pointer; background: var(--background-fill-primary); }
.gz-card:hover { border-color: var(--color-accent); }
.gz-card.active { border-color: var(--color-accent); box-shadow: 0 0 0 2px var(--color-accent-soft); }
.gz-card-title { font-weight: 600; font-size: 0.92rem; }
.gz-n { color: var(--color-accent); margin-right: 4px; }
.gz-hls { font-size: 0.75rem; color: var(--body-text-color-subdued); margin-left: 4px; font-weight: normal; }
.gz-meta { font-size: 0.78rem; color: var(--body-text-color-subdued); margin: 2px 0 4px 0; }
.gz-passage { font-size: 0.86rem; line-height: 1.55; margin: 4px 0; padding-left: 8px;
  border-left: 3px solid var(--border-color-primary); white-space: pre-wrap; }
.gz-open { font-size: 0.78rem; color: var(--color-accent); }
.gz-passage + .gz-passage { margin-top: 6px; }
.gz-same { font-size: 0.8rem; color: var(--body-text-color-subdued); font-style: italic; margin: 2px 0; }
mark.gz-hl { background: #ffe27a; color: inherit; padding: 0 1px; border-radius: 2px; }
mark.gz-passage-hl { background: #fff6cc; color: inherit; }
.dark mark.gz-hl { background: #8a6d00; } .dark mark.gz-passage-hl { background: #4a4000; }
.gz-article { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px; }
.gz-article h3 { margin: 0 0 2px 0; font-size: 1.05rem; }
.gz-article-body { max-height: 420px; overflow-y: auto; white-space: pre-wrap; line-height: 1.7;
  font-size: 0.9rem; margin-top: 6px; }
.gz-hint { font-size: 0.85rem; color: var(--body-text-color-subdued); }
.gz-stats { display: flex; gap: 12px; flex-wrap: wrap; }
.gz-stat { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 14px; min-width: 110px; }
.gz-stat b { font-size: 1.4rem; display: block; }
#gz-refs { align-items: center; gap: 6px; }
#gz-refs .gz-refs-label p { margin: 0; font-size: 0.85rem; color: var(--body-text-color-subdued); }
.gz-case { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px; }
.gz-case h3 { margin: 0 0 2px 0; font-size: 1.05rem; }
.gz-case-ref { font-size: 0.8rem; color: var(--body-text-color-subdued); margin: 4px 0 8px 0; }
.gz-fields { margin: 0; max-height: 560px; overflow-y: auto; }
.gz-field { display: grid; grid-template-columns: 6.5em 1fr; gap: 4px 10px; padding: 6px 0;
  border-top: 1px solid var(--border-color-primary); }
.gz-field dt { font-weight: 600; font-size: 0.88rem; }
.gz-field dd { margin: 0; }
.gz-value { font-size: 0.9rem; font-weight: 500; margin-top: 4px; }
.gz-value:first-child { margin-top: 0; }
.gz-kind { display: inline-block; font-size: 0.75rem; padding: 0 5px; margin-right: 4px; border-radius: 4px;
  background: var(--color-accent-soft); color: var(--color-accent); }
.gz-compare { overflow-x: auto; }
.gz-compare table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
.gz-compare th, .gz-compare td { border: 1px solid var(--border-color-primary); padding: 6px 8px;
  vertical-align: top; text-align: left; }
.gz-compare th { background: var(--background-fill-secondary); }
.gz-compare td.gz-aspect { font-weight: 600; white-space: nowrap; }
#gz-course { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 4px 16px; }
/* Tables: English words and numbers (years) never break inside; Chinese still wraps between characters. */
#gz-cases th, #gz-cases th *, #gz-cases td, #gz-cases td *, #gz-articles th, #gz-articles th *, #gz-articles td,
#gz-articles td *, #gz-course th, #gz-course td, .gz-compare th, .gz-compare td {
  word-break: normal !important; overflow-wrap: normal !important; hyphens: none; }
#gz-course td, #gz-course th { min-width: 3.5em; }
#gz-cases .table-wrap, #gz-articles .table-wrap { overflow-x: auto; }
#gz-files .wrap { padding: 8px 8px 28px 8px; }
.gz-date-note p { margin: 2px 0 0 0; font-size: 0.85rem; color: var(--body-text-color-subdued); }
#gz-correct-status p { margin: 0; }
@media (max-width: 640px) {
  .gz-header h1 { font-size: 1.2rem; }
  .gz-header .gz-sub { font-size: 0.8rem; line-height: 1.35; }
  .gz-header .gz-store { font-size: 0.75rem; margin-top: 2px; }
  #gz-lang { margin-left: 0; max-width: none; min-width: 0 !important; flex: 1 1 100% !important; }
  #gz-lang label { padding: 4px 10px; }
  a.gz-cite { font-size: 0.95em; padding: 1px 8px; margin: 0 3px; }
  #gz-sources .gz-sources { max-height: none; }
  .gz-article-body { max-height: 60vh; }
}
"""

SOURCES_JS = r"""
const root = element;
window.__gzCite = (turn, key) => {
  const shown = root.querySelector('.gz-sources');
  const shownTurn = shown ? parseInt(shown.dataset.turn) : -1;
  root.querySelectorAll('.gz-card.active').forEach((c) => c.classList.remove('active'));
  if (shownTurn === turn) {
    const card = root.querySelector('.gz-card[data-keys~="' + key + '"]');  // joined passages: several keys
    if (card) {
      card.classList.add('active');
      if (card === shown.querySelector('.gz-card')) shown.scrollTop = 0;
      else card.scrollIntoView({block: 'nearest'});
    }
  }
  trigger('cite', {turn: turn, key: key, shown: shownTurn});
};
if (!window.__gzCiteInstalled) {
  window.__gzCiteInstalled = true;
  document.addEventListener('click', (e) => {
    const a = e.target.closest ? e.target.closest('a[href^="#gz-"]') : null;
    if (!a) return;
    const m = a.getAttribute('href').match(/^#gz-(cite|rel)-(\d+)-(\d+)$/);
    if (!m) return;
    e.preventDefault();
    e.stopPropagation();
    window.__gzCite(parseInt(m[2]), (m[1] === 'cite' ? 'c' : 'r') + m[3]);
  }, true);
}
const pick = (e) => {
  const card = e.target.closest('.gz-card');
  if (card) window.__gzCite(parseInt(card.dataset.turn), card.dataset.key);
};
root.addEventListener('click', pick);
root.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pick(e); } });
"""

ARTICLE_JS = r"""
const show = (reveal) => {
  const body = element.querySelector('.gz-article-body');
  const mark = element.querySelector('mark.gz-passage-hl') || element.querySelector('mark.gz-hl');
  if (body && mark) body.scrollTop = Math.max(0, mark.offsetTop - body.offsetTop - 8);
  if (!reveal || !body) return;
  // An opened article off screen (below the chat and sources on a phone) is scrolled to, so the tap
  // visibly does something; one already in the upper half of the screen stays where it is.
  const top = element.getBoundingClientRect().top;
  if (top < 0 || top > window.innerHeight * 0.5) {
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    element.scrollIntoView({block: 'start', behavior: smooth ? 'smooth' : 'auto'});
  }
};
watch('value', () => show(true));
show(false);
"""
