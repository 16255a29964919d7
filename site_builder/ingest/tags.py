"""Topic tags for an article: keyword topics, regions from the places it names, and a
bilateral-relations tag."""
from __future__ import annotations

import re

from site_builder.core.model import PLACES
from site_builder.ingest.entities import Entity, extract_entities
from site_builder.ingest.tag_rules import is_state, relations_tag, wanted_on_article

# Topic -> keywords. A keyword matches whole words, with a plural or verb ending ("troops",
# "attacked"); one ending in "*" is a word's start ("negotiat*": negotiator, negotiations).
# A topic is suggested when its keywords occur often enough; the title counts triple and the
# summary double.
TOPIC_KEYWORDS: dict[str, tuple[str, ...]] = {
    "Airstrikes": ("airstrike", "air strike", "air raid", "drone strike", "bombing"),
    "Military": ("military", "troops", "militia", "army", "soldier", "armed forces", "commander"),
    "Conflict": ("war", "conflict", "fighting", "attack", "retaliation", "escalation", "rebels"),
    "Terrorism": ("terror*", "militant", "insurgent", "jihad*", "extremist"),
    "Diplomacy": ("diplomat*", "ambassador", "talks", "treaty", "negotiat*", "summit", "sanction"),
    "Nuclear Deal": ("nuclear deal", "nuclear program", "enrichment", "uranium"),
    "Elections": ("election", "vote", "ballot", "candidate", "campaign", "poll"),
    "Politics": ("parliament", "senate", "congress", "minister", "government", "party", "president"),
    "Economy": ("economy", "economic", "inflation", "gdp", "recession", "growth", "unemployment"),
    "Markets": ("stock", "shares", "market", "investor", "index", "bond", "currency"),
    "Business": ("company", "companies", "profit", "revenue", "merger", "acquisition", "chief executive",
                 "earnings"),
    "Energy": ("oil", "gas", "opec", "crude", "energy", "pipeline"),
    "Health": ("health", "hospital", "virus", "disease", "vaccine", "patients", "outbreak"),
    "Crime": ("police", "arrest", "murder", "court", "trial", "convicted", "prison"),
    "Protests": ("protest", "demonstrat*", "rally", "marchers"),
    "Mourning": ("mourning", "funeral", "mourners"),
    "Climate": ("climate", "emissions", "global warming", "carbon"),
    "Technology": ("technology", "software", "internet", "digital", "smartphone", "artificial intelligence"),
    "Sport": ("match", "tournament", "championship", "league", "goal", "coach", "olympic"),
    "Disasters": ("earthquake", "flood", "hurricane", "wildfire", "storm", "tsunami"),
}
# Endings a whole-word keyword may take: "troop" is not a keyword, "troops" is; "attack"
# matches "attacks", "attacked", "attacking" but never "attacker"'s start of another word.
_ENDINGS = r"(?:s|es|ed|d|ing)?"
# A military rank before a name ("General Qassem Soleimani", "Gen. Mark Milley"): "general"
# counts for Military only so, never in "general election", "in general", "Attorney General"
# or a company ("General Motors").
_RANK_RE = re.compile(
    r"(?<!Secretary )(?<!Secretary-)(?<!Attorney )(?<!Surgeon )(?<!Inspector )(?<!Solicitor )(?<!Director )"
    r"\b(?:General|Gen\.|Lieutenant General|Lt\. Gen\.|Brigadier General|Major General)"
    r" (?!(?:Motors|Electric|Dynamics|Mills|Foods|Instrument|Host|Signal|Cinema|Re|Public|Datacomm|Development"
    r"|Accident|Telephone|Nutrition|Homes|Partners|Assembly|Council|Secretary|Election|Manager|Synod|Medical"
    r"|Court|Hospital|Agreement|Strike|Motor|Insurance|Mining|Atomic|Cable|Tire|Data|Growth|Physics)\b)"
    r"[A-Z][a-z]")
_RANK_TOPIC = "Military"
_MIN_TOPIC_SCORE = 3
_MAX_TAGS = 6
_MIN_TAGS = 2

# Region tags from the places an article mentions (countries as named by the gazetteer).
REGION_COUNTRIES: dict[str, frozenset[str]] = {
    "Middle East": frozenset(
        ["Iran", "Iraq", "Syria", "Lebanon", "Israel", "Jordan", "Saudi Arabia", "Yemen", "Kuwait",
         "Qatar", "Bahrain", "Oman", "United Arab Emirates", "Palestinian Territory", "Gaza",
         "West Bank", "Middle East"]
    ),
    "Europe": frozenset(
        ["United Kingdom", "France", "Germany", "Italy", "Spain", "Poland", "Netherlands", "Belgium",
         "Sweden", "Norway", "Denmark", "Finland", "Greece", "Portugal", "Austria", "Switzerland",
         "Ireland", "Europe", "European Union"]
    ),
    "Asia": frozenset(["China", "Japan", "India", "Pakistan", "South Korea", "North Korea", "Indonesia",
                       "Vietnam", "Thailand", "Philippines", "Malaysia", "Afghanistan", "Asia"]),
    "Africa": frozenset(["Nigeria", "Kenya", "Ethiopia", "Egypt", "South Africa", "Sudan", "Somalia",
                         "Libya", "Algeria", "Morocco", "Africa"]),
    "Latin America": frozenset(["Mexico", "Brazil", "Argentina", "Colombia", "Venezuela", "Chile", "Peru",
                                "Cuba", "Latin America"]),
}
_RELATION_MIN_MENTIONS = 2
# Topics that make two recurring countries a story about their relations.
RELATION_TOPICS = ("Diplomacy", "Conflict", "Military", "Airstrikes", "Terrorism", "Nuclear Deal", "Economy",
                   "Markets", "Politics", "Energy")


# One pass over the text for all keywords (longest first, so "air strike" wins over "air").
_KEYWORD_TOPICS: dict[str, list[str]] = {}
for _topic, _keywords in TOPIC_KEYWORDS.items():
    for _keyword in _keywords:
        _KEYWORD_TOPICS.setdefault(_keyword.removesuffix("*"), []).append(_topic)
_PREFIXES = frozenset(k.removesuffix("*") for ks in TOPIC_KEYWORDS.values() for k in ks if k.endswith("*"))
_KEYWORD_RE = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in sorted(_KEYWORD_TOPICS, key=lambda k: (-len(k), k))) + r")"
    r"(\w*)")


def _keyword_of(match: re.Match[str]) -> str | None:
    """The keyword a match is, when the rest of its word is an ending it may take."""
    keyword, rest = match.group(1), match.group(2)
    if keyword in _PREFIXES or re.fullmatch(_ENDINGS, rest):
        return keyword
    return None


def _topic_scores(title: str, summary: str, body: str) -> dict[str, int]:
    scores: dict[str, int] = {}
    for text, weight in ((title, 3), (summary, 2), (body, 1)):
        for match in _KEYWORD_RE.finditer(text.lower()):
            keyword = _keyword_of(match)
            for topic in _KEYWORD_TOPICS[keyword] if keyword else ():
                scores[topic] = scores.get(topic, 0) + weight
        ranks = len(_RANK_RE.findall(text))
        if ranks:
            scores[_RANK_TOPIC] = scores.get(_RANK_TOPIC, 0) + weight * ranks
    return scores


def _place_tags(places: list[Entity]) -> list[str]:
    names = {place.name for place in places}
    return [region for region, members in REGION_COUNTRIES.items() if names & members]


def _relation_tag(places: list[Entity]) -> str | None:
    """"A–B Relations" for the two most-mentioned sovereign states, when both recur (a city,
    a region or a building is never a side: "US–Washington", "Europe–Japan")."""
    states = [p for p in places if is_state(p.name) and len(p.mentions) >= _RELATION_MIN_MENTIONS]
    if len(states) < 2:
        return None
    first, second = sorted(states, key=lambda p: (-len(p.mentions), p.name))[:2]
    return relations_tag(first.name, second.name)


def _supports_relations(scores: dict[str, int]) -> bool:
    """Two countries make a "relations" story only when the text is about what states do to each
    other; a match between national sides ("England v Spain") is not."""
    sport = scores.get("Sport", 0)
    state_affairs = max((scores.get(topic, 0) for topic in RELATION_TOPICS), default=0)
    return state_affairs >= _MIN_TOPIC_SCORE and state_affairs > sport


def _vocabulary_tags(vocabulary: tuple[str, ...], suggested: list[str], title: str, summary: str,
                     body: str) -> list[str]:
    """Tags from a fixed list only: the suggested tags that are on it, then the terms the
    headline or summary names, or the body names at least twice."""
    by_key = {term.casefold(): term for term in vocabulary}
    tags = list(dict.fromkeys(by_key[tag.casefold()] for tag in suggested if tag.casefold() in by_key))
    head = f"{title}\n{summary}"
    for term in vocabulary:
        pattern = re.compile(r"\b" + re.escape(term) + r"\b", re.IGNORECASE)
        if term not in tags and (pattern.search(head) or len(pattern.findall(body)) >= 2):
            tags.append(term)
    return tags[:_MAX_TAGS]


def suggest_tags(title: str, summary: str, body: str, section: str, places: list[Entity] | None = None,
                 vocabulary: tuple[str, ...] = ()) -> list[str]:
    """Up to 6 title-cased topic tags (2 when the text has them): keyword topics, regions and a
    bilateral-relations tag; with a `vocabulary`, only terms from it (possibly none). `places`
    are the article's places when the caller has extracted them already."""
    scores = _topic_scores(title, summary, body)
    topics = sorted((t for t, s in scores.items() if s >= _MIN_TOPIC_SCORE), key=lambda t: (-scores[t], t))
    if places is None:
        places = [e for e in extract_entities("\n\n".join((title, summary, body))) if e.type == PLACES.entity_type]
    relation = _relation_tag(places) if _supports_relations(scores) else None
    tags: list[str] = []
    for tag in topics[:3] + _place_tags(places)[:2] + [relation]:
        if tag and tag not in tags and wanted_on_article(tag, section):
            tags.append(tag)
    if vocabulary:
        return _vocabulary_tags(vocabulary, tags + topics, title, summary, body)
    # Weaker topics fill in; never the section (the page links it) nor filler ("News").
    fallbacks = [t for t in sorted(scores, key=lambda t: (-scores[t], t))
                 if t not in tags and wanted_on_article(t, section)]
    for tag in fallbacks:
        if len(tags) >= _MIN_TAGS:
            break
        if tag not in tags:
            tags.append(tag)
    return tags[:_MAX_TAGS]
