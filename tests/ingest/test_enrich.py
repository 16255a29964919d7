"""Tests for site_builder.ingest.enrich: what ingest adds to a seed's front matter."""

from __future__ import annotations

from site_builder.ingest.enrich import enrich_seed
from site_builder.ingest.seed import parse_seed

# A credit of three parts, longer than 200 characters: the seed's rule takes it off the
# caption, so no name in it may become an entity of the article.
CREDIT = ("Jean Dupont/Agence France-Presse pool photographer for the Associated Press and Reuters news "
          "agencies/Getty Images Europe in London for the picture desk of Le Monde in Paris/Courtesy of the "
          "Palais des Nations press office")
SEED = ("World\n\nTalks stall in Geneva\n\nDiplomats left Geneva on Tuesday.\n\n"
        f"Envoys leave the building. ({CREDIT})\n\nThe talks will resume in Berlin, officials said.\n")


def test_no_entity_comes_from_the_photo_credit() -> None:
    seed = parse_seed(SEED)
    assert (seed.caption, seed.credit) == ("Envoys leave the building.", CREDIT)
    meta = enrich_seed(seed)
    names = [name if isinstance(name, str) else name["name"]
             for kind in ("people", "organizations", "places") for name in meta[kind]]
    assert names, "the article names Geneva and Berlin"
    assert not [name for name in names if name in CREDIT and name not in SEED.replace(CREDIT, "")]
