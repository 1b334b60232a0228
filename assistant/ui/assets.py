"""The web app's CSS and the two scripts of its HTML components (citation clicks, scroll to the passage)."""
from __future__ import annotations

CSS = """
.gz-header h1 { margin: 0; font-size: 1.6rem; }
.gz-header .gz-sub { color: var(--body-text-color-subdued); margin-top: 2px; }
.gz-header .gz-store { color: var(--body-text-color-subdued); font-size: 0.85rem; margin-top: 4px; }
#gz-lang { max-width: 200px; margin-left: auto; align-self: center; }
.gz-answer p { margin: 0.3em 0; }
.gz-answer ul { margin: 0.3em 0 0.3em 1.2em; padding: 0; }
.gz-answer li { margin: 0.25em 0; }
.gz-resolved { font-size: 0.8rem; color: var(--body-text-color-subdued); margin-bottom: 6px; }
.gz-notice { font-size: 0.8rem; color: #92400e; margin-top: 6px; }
a.gz-cite { display: inline-block; padding: 0 5px; margin: 0 1px; border-radius: 5px; font-size: 0.82em;
  line-height: 1.35; text-decoration: none !important; background: var(--color-accent-soft);
  color: var(--color-accent) !important; border: 1px solid var(--color-accent); vertical-align: 1px; }
a.gz-cite:hover { background: var(--color-accent); color: white !important; }
.gz-noanswer { background: var(--neutral-100); border-left: 4px solid var(--neutral-400); border-radius: 6px;
  padding: 8px 12px; color: var(--body-text-color); }
.dark .gz-noanswer { background: var(--neutral-800); }
.gz-noanswer-badge { font-weight: 600; color: var(--neutral-600); margin-bottom: 4px; }
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
.gz-meta { font-size: 0.78rem; color: var(--body-text-color-subdued); margin: 2px 0 4px 0; }
.gz-passage { font-size: 0.86rem; line-height: 1.55; margin: 4px 0; padding-left: 8px;
  border-left: 3px solid var(--border-color-primary); white-space: pre-wrap; }
.gz-open { font-size: 0.78rem; border: none; background: none; color: var(--color-accent); cursor: pointer;
  padding: 0; }
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
"""

SOURCES_JS = r"""
const root = element;
window.__gzCite = (turn, key) => {
  const shown = root.querySelector('.gz-sources');
  const shownTurn = shown ? parseInt(shown.dataset.turn) : -1;
  root.querySelectorAll('.gz-card.active').forEach((c) => c.classList.remove('active'));
  if (shownTurn === turn) {
    const card = root.querySelector('.gz-card[data-key="' + key + '"]');
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
const show = () => {
  const body = element.querySelector('.gz-article-body');
  const mark = element.querySelector('mark.gz-passage-hl') || element.querySelector('mark.gz-hl');
  if (body && mark) body.scrollTop = Math.max(0, mark.offsetTop - body.offsetTop - 8);
};
watch('value', show);
show();
"""
