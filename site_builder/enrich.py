"""Front matter that ingest adds beyond what the seed says: entities and topic tags."""

from __future__ import annotations

from typing import Any

from .seed import Seed


def enrich_seed(seed: Seed) -> dict[str, Any]:
    return {}
