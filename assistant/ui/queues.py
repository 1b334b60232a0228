"""Event options the tabs share: which Gradio queue an event runs in and whether it is in the API."""
from __future__ import annotations

# Answers, case searches and courses retrieve from the store: one at a time per app, in one queue.
ANSWER_QUEUE = dict(concurrency_id="answer", concurrency_limit=1, api_visibility="private")
# Library changes (uploads, re-index, removal, corrections, exports): one at a time, in their own queue.
ADMIN_QUEUE = dict(concurrency_id="admin", concurrency_limit=1, api_visibility="private")
# Small UI updates: not in the API, no progress overlay.
PRIVATE = dict(api_visibility="private", show_progress="hidden")
