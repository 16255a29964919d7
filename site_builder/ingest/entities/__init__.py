"""Rule-based named-entity extraction for news articles.

Pipeline (one pass over a document, then a document-level pass), one module per stage:

1. ``tokens``: tokenise with a linear regular expression (no nested quantifiers, so very long
   inputs stay fast) and mark sentence starts and ALL-CAPS lines (headlines, datelines).
2. ``chunking``: runs of capitalised tokens, allowing name particles ("bin", "van", "al") and
   "of" after organisation/place heads ("Bank of England", "Gulf of Mexico").
3. ``classify``: split each chunk at titles ("U.S. President Donald Trump" -> "U.S." + person
   "Donald Trump"), strip sentence-initial function words and demonyms, then classify with the
   lexicons (``lexicon``) and the reference data (``reference``: places from GeoNames,
   first names from US SSA and Census counts).
4. ``document``: names seen with a confident type keep it when they recur, single surnames link
   back to the full person name; ``headlines`` matches ALL-CAPS lines against names known from
   the prose.

``wire`` holds the vocabulary of agency copy that names nothing (sign-offs, results-table
abbreviations, legal forms on their own) and the AP state abbreviations; ``known`` the forms
every reader knows ("Tories", "Fed"), which the site-wide merge (``names``) reads too. The
rules and the audit of the pages they make are described in docs/entities.md.

``articles`` reads a news article's fields as one document; ``jsonl`` is the protocol of
`site-builder entities`.
"""

from site_builder.ingest.entities.articles import (
           ArticleText,
           article_entities,
           article_text,
           by_salience,
           salient_entities,
)
from site_builder.ingest.entities.document import Entity, EntityType, extract_entities
from site_builder.ingest.entities.jsonl import run_jsonl

__all__ = ["ArticleText", "Entity", "article_text", "by_salience", "EntityType", "article_entities", "extract_entities",
           "run_jsonl", "salient_entities"]
