"""An example plugin: each article page's template gets `reading_minutes`, the minutes
its body takes to read at 200 words a minute (at least 1)."""

from __future__ import annotations

import math
from typing import Any

WORDS_PER_MINUTE = 200


def page_context(page: Any, context: dict[str, Any]) -> None:
    if page.template == "article.html":
        words = len(context["article"].body_html.source.split())
        context["reading_minutes"] = max(1, math.ceil(words / WORDS_PER_MINUTE))
