"""Site-wide names: one entity, one page, across every article's front matter.

Runs at build time over what the articles say (editors change front matter by hand, so the
archive's names are only known then), in one pass over the articles plus a union-find over
the names: linear in the number of articles.

- An alias joins its name's group ("ECB" under "European Central Bank" in one article makes
  every "ECB" that bank), unless two different names claim the same alias.
- The forms every reader knows apply site-wide (`entities.known`: "U.S." is "United States",
  "Fed" the Federal Reserve, "Tories" the Conservative Party).
- Organisations (`merge_organizations`): a legal form or punctuation does not make another
  company ("Chrysler Corp.", "Chrysler Corp", "Chrysler"; "Merrill Lynch & Co", "Merrill Lynch
  and Co Inc"); a name that begins exactly one longer name of the archive is that name
  ("Moody's", "Moody's Investors Service"); an acronym made of the initials of exactly one
  name of the archive is that name ("USDA", "U.S. Department of Agriculture").
- People are never joined through a surname alone: "Soleimani" joins "Qassem Soleimani" only
  when that is the one full name in the archive with that surname, whether "Soleimani" is an
  article's alias or a name of its own (`merge_surnames`).
- A group's page is named after a full name rather than an acronym (for people, rather than a
  surname), then a known form's name ("Federal Reserve", not "Fed"), then the name most
  articles use; every other spelling is an alias.

- A name the archive writes as a person in some articles and as an organisation in more
  ("Merrill Lynch", also "Merrill Lynch and Co Inc") is an organisation in every article
  (`firms_as_organizations`, run on the articles before anything is made of them).
- Names that would only make a wrong page are then left out of every article
  (`without_pageless_names`): a given name alone that several full names of the archive start
  with ("Alex"), a tournament filed as an organization ("Six Nations"), and an institution
  every country has, named without its country ("Finance Ministry").

Each rule is a function of its own, run in that order by `resolve_names`; editors' overrides
apply after them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from site_builder.core.model import KINDS, ORGANIZATIONS, PEOPLE, Article
from site_builder.ingest.entities.known import KNOWN_FORMS
from site_builder.ingest.entities.lexicon import (
    COMMON_WORDS,
    LEGAL_FORMS,
    NAME_PARTICLES,
    ORG_SUFFIXES,
    POST_NOMINALS,
    TITLE_MODIFIERS,
    TITLES,
)
from site_builder.ingest.entities.mentions import initials
from site_builder.ingest.entities.reference import gazetteer, is_dictionary_word


@dataclass(frozen=True)
class NameGroup:
    name: str  # the page's name
    aliases: tuple[str, ...]
    members: frozenset[str]  # casefolded names and aliases that mean this entity


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = key
        while self.parent.setdefault(root, root) != root:
            root = self.parent[root]
        while self.parent[key] != root:  # path compression keeps it near-linear
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


# The names the forms every reader knows stand for ("Federal Reserve" for "Fed"): they name a page.
_KNOWN_NAMES = frozenset(canonical.casefold() for canonical, _ in KNOWN_FORMS.values())


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace("&", "")
    return letters.isupper() and " " not in name and len(letters) <= 8


def resolve_names(kind: str, refs: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, NameGroup]:
    """Casefolded name or alias -> its group, for the (name, aliases) of every article's
    mention of `kind` (a key of model.KINDS; tags are left alone)."""
    uses, spelling, alias_owners = _count_names(refs)
    groups = _UnionFind()
    for key in spelling:
        groups.find(key)
    if KINDS[kind].entity_type is not None:
        _join_names(kind, spelling, uses, alias_owners, groups)
    return _name_groups(kind, spelling, uses, groups)


def _count_names(refs: Iterable[tuple[str, tuple[str, ...]]]) -> tuple[Counter[str], dict[str, str],
                                                                         dict[str, set[str]]]:
    """(casefolded name -> articles naming it as an entity, casefolded name or alias -> its
    spelling, casefolded alias -> the names it is an alias of)."""
    uses: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    spellings: dict[str, Counter[str]] = defaultdict(Counter)  # casefold -> how often each spelling is used
    alias_owners: dict[str, set[str]] = defaultdict(set)
    for name, aliases in refs:
        key = name.casefold()
        uses[key] += 1
        spelling.setdefault(key, name)
        spellings[key][name] += 1
        for alias in aliases:
            if alias.casefold() != key:
                alias_owners[alias.casefold()].add(key)
                spelling.setdefault(alias.casefold(), alias)
    # A name is written as most articles write it; on a tie, as the first of them does. Not
    # simply as the first: a new article writing "trade" for "Trade" would rename the tag
    # on every page that shows it.
    for key, counts in spellings.items():
        if len(counts) > 1:
            spelling[key] = counts.most_common(1)[0][0]
    return uses, spelling, alias_owners


def _join_names(kind: str, spelling: dict[str, str], uses: Counter[str], alias_owners: dict[str, set[str]],
                groups: _UnionFind) -> None:
    """Joins in `groups` the names of one entity: a form every reader knows and its name, the
    variants of a firm's name, a surname and its full name, an alias and the one name it is of."""
    etype = KINDS[kind].entity_type
    for key in list(spelling):
        canonical = KNOWN_FORMS.get(key)
        if canonical is not None and canonical[1] == etype:
            target = canonical[0].casefold()
            spelling.setdefault(target, canonical[0])
            groups.union(key, target)
    if kind == ORGANIZATIONS.key:
        merge_organizations(spelling, uses, groups)
    surnames = _unique_full_names(spelling, uses) if kind == PEOPLE.key else {}
    if kind == PEOPLE.key:
        merge_surnames(surnames, uses, groups)
    for alias, owners in alias_owners.items():
        if len(owners) != 1:
            continue  # two different entities use this spelling: it names neither for sure
        (owner,) = owners
        if kind == PEOPLE.key and " " not in alias.strip():
            if surnames.get(alias) != owner:
                continue  # a surname shared by two people in the archive
        groups.union(alias, owner)


def _name_groups(kind: str, spelling: dict[str, str], uses: Counter[str],
                 groups: _UnionFind) -> dict[str, NameGroup]:
    """Each casefolded name or alias -> the group `groups` puts it in, named by its best name."""
    members: dict[str, set[str]] = defaultdict(set)
    for key in spelling:
        members[groups.find(key)].add(key)
    resolved: dict[str, NameGroup] = {}
    for keys in members.values():
        named = [k for k in keys if uses[k]] or sorted(keys)
        # A full name over an acronym, then the most used; then the fullest name ("Qassem Soleimani",
        # not "Soleimani") with the fewest legal-form words ("NEC Corp", not "NEC Co Ltd").
        surname_only = kind == PEOPLE.key and any(" " in k for k in named)
        best = named[0] if len(named) == 1 else \
            min(named, key=lambda k: (_is_acronym(spelling[k]), surname_only and " " not in k,
                                      k not in _KNOWN_NAMES, -uses[k],
                                      -len(without_legal_form(k)), len(k), spelling[k]))
        aliases = tuple(sorted({spelling[k] for k in keys if k != best}, key=str.casefold))
        group = NameGroup(spelling[best], aliases, frozenset(keys))
        for key in keys:
            resolved[key] = group
    return resolved


def without_legal_form(key: str) -> str:
    """A firm's name without its legal form, "&"/"and" before it, and punctuation:
    "merrill lynch and co inc." and "merrill lynch & co" are both "merrill lynch"."""
    words = key.replace(",", " ").replace("&", " and ").split()
    while len(words) > 1 and (words[-1] in LEGAL_FORMS or words[-1].rstrip(".") in LEGAL_FORMS
                              or words[-1] == "and"):
        words.pop()
    return " ".join(word.rstrip(".") if len(word) > 2 and word.count(".") == 1 else word for word in words)


def merge_organizations(spelling: dict[str, str], uses: Counter[str], groups: _UnionFind) -> None:
    """One page per firm: legal-form and punctuation variants, a name and the one longer name it
    begins, an acronym and the one name of the archive it is made of."""
    by_base: dict[str, list[str]] = defaultdict(list)
    for key in spelling:
        by_base[without_legal_form(key)].append(key)
    for keys in by_base.values():
        for key in keys[1:]:
            groups.union(keys[0], key)  # "Chrysler Corp." is "Chrysler Corp" is "Chrysler"
    used_bases = sorted(base for base, keys in by_base.items() if any(uses[k] for k in keys))
    _merge_shortened_names(by_base, used_bases, uses, groups)
    _merge_acronyms(spelling, uses, by_base, used_bases, groups)


def _merge_shortened_names(by_base: dict[str, list[str]], used_bases: list[str], uses: Counter[str],
                           groups: _UnionFind) -> None:
    """A firm's name (without legal form) and the one longer name most articles write for it."""
    longer: dict[str, set[str]] = defaultdict(set)  # a base -> the used bases that begin with it
    for base in used_bases:
        words = base.split()
        for size in range(1, len(words)):
            longer[" ".join(words[:size])].add(base)
    base_uses = {base: sum(uses[k] for k in by_base[base]) for base in used_bases}
    for base in used_bases:
        if all(word in COMMON_WORDS or word in TITLE_MODIFIERS or word in ORG_SUFFIXES for word in base.split()):
            continue  # "Finance" begins "Finance Ministry" and "Finance Corp": it shortens neither
        extensions = sorted(longer.get(base, ()), key=lambda other: (-base_uses[other], other))
        # The longer name most articles using a longer name use, and more than use the short one:
        # "Moody's" is "Moody's Investors Service"; "United Nations" is not "United Nations Command".
        if extensions and base_uses[extensions[0]] > max(sum(base_uses[other] for other in extensions[1:]),
                                                          base_uses[base]):
            groups.union(by_base[base][0], by_base[extensions[0]][0])


def _merge_acronyms(spelling: dict[str, str], uses: Counter[str], by_base: dict[str, list[str]],
                    used_bases: list[str], groups: _UnionFind) -> None:
    """An acronym and the one name of the archive whose initials it is."""
    by_initials: dict[str, set[str]] = defaultdict(set)
    for base in used_bases:
        for name in {base, *by_base[base]}:  # "FDIC": "Federal Deposit Insurance Corp", legal form and all
            if " " in name:
                for letters in initials(name):
                    by_initials[letters].add(base)
    for key in spelling:
        if uses[key] and _is_acronym(spelling[key]):
            expansions = by_initials.get(spelling[key].replace(".", "").upper(), set())
            if len(expansions) == 1:
                groups.union(key, by_base[next(iter(expansions))][0])  # "USDA", "U.S. Department of Agriculture"


def merge_surnames(surnames: dict[str, str], uses: Counter[str], groups: _UnionFind) -> None:
    """A surname used as a name of its own joins the one full name of the archive ending in it
    ("Reagan", "Ronald Reagan"); a surname two people share joins neither."""
    for surname, full_name in surnames.items():
        if uses[surname]:
            groups.union(surname, full_name)
    # A given name used alone ("Sir Alex") is the one full name starting with it, when no full
    # name ends with it and no other starts with it.
    starting: dict[str, set[str]] = defaultdict(set)
    ending: set[str] = set()
    for key in uses:
        if uses[key] and " " in key:
            starting[key.split(" ", 1)[0]].add(key)
            ending.add(key.rsplit(" ", 1)[1])
    for given, full_names in starting.items():
        if uses[given] and len(full_names) == 1 and given not in ending:
            groups.union(given, next(iter(full_names)))


def firms_named_as_people(articles: Sequence[Article]) -> frozenset[str]:
    """Casefolded names that articles give as people but more articles give as organisations
    (as a name, an alias, or a name without its legal form): firms named after their founders."""
    as_person: Counter[str] = Counter()
    as_organization: Counter[str] = Counter()
    for article in articles:
        as_person.update({ref.name.casefold() for ref in article.people})
        as_organization.update({key for ref in article.organizations for spelling in (ref.name, *ref.aliases)
                                for key in (spelling.casefold(), without_legal_form(spelling.casefold()))}
                               | {short for ref in article.organizations for short in _short_names(ref.name)})
    return frozenset(key for key, count in as_person.items() if as_organization[key] > count)


def _short_names(name: str) -> tuple[str, ...]:
    """What copy calls a firm named with its legal form for short: its first word ("phillips" of
    "Phillips Petroleum Co") and its first partner ("smith barney" of "Smith Barney, Harris
    Upham and Co"); nothing for any other name."""
    words = name.casefold().split()
    if len(words) < 2 or words[-1].rstrip(".") not in LEGAL_FORMS or words[0] in COMMON_WORDS:
        return ()
    return (words[0], name.casefold().split(",", 1)[0]) if "," in name else (words[0],)


def firms_as_organizations(articles: Sequence[Article]) -> list[Article]:
    """The articles, with every person `firms_named_as_people` finds moved to organisations, so
    the firm has one page and every article lists it as one."""
    firms = firms_named_as_people(articles)
    moved: list[Article] = []
    for article in articles:
        if any(ref.name.casefold() in firms for ref in article.people):
            known = {ref.name.casefold() for ref in article.organizations}
            firm_refs = tuple(ref for ref in article.people if ref.name.casefold() in firms
                              and ref.name.casefold() not in known)
            article = replace(article, people=tuple(ref for ref in article.people if ref.name.casefold() not in firms),
                              organizations=article.organizations + firm_refs)
        moved.append(article)
    return moved


# --- Names that get no page ---------------------------------------------------------------------

# The last words of a tournament's or a games' name: an event, not an organization ("World Cup",
# "US Open", "Commonwealth Games"; MISC in CoNLL terms).
EVENT_HEADS: frozenset[str] = frozenset(
    "cup cups championship championships olympics olympiad games trophy tournament open slam prix series".split())
# "Six Nations", "Tri-Nations": a count before "Nations" names a tournament ("United Nations" does not).
_NATIONS_COUNTS = frozenset("three four five six tri tri-".split())
# Institutions every country has one of: named without a country ("Finance Ministry", "Central
# Bank") they would put every country's on one page. "Treasury", "Parliament" and "Congress" are
# not here: in this archive they nearly always mean one (the US Treasury, Westminster, the US Congress).
_GENERIC_HEADS = frozenset({("ministry",), ("ministries",), ("central", "bank"), ("supreme", "court"),
                            ("constitutional", "court")})


def names_an_event(name: str) -> bool:
    """True for a tournament's or a games' name ("Six Nations", "World Cup", "Australian Open")."""
    words = name.casefold().replace("-", " - ").split()
    if len(words) < 2:
        return False
    if words[-1] == "nations":
        return words[-2] in _NATIONS_COUNTS or words[-2] == "-" and len(words) > 2 and words[-3] in _NATIONS_COUNTS
    return words[-1] in EVENT_HEADS


def generic_institution(name: str) -> bool:
    """True for an institution every country has, named without a country or another name: "Finance
    Ministry", "Ministry of Foreign Affairs", "the Central Bank"; not "Japanese Finance Ministry",
    "Central Bank of Brazil" or "Bundesbank"."""
    words = name.casefold().split()
    if words[:1] == ["the"]:
        words = words[1:]
    head: tuple[str, ...]
    rest: list[str]
    if len(words) >= 3 and words[0] == "ministry" and words[1] == "of":
        head, rest = ("ministry",), words[2:]  # "Ministry of Finance"
    else:
        head_found = next((h for h in _GENERIC_HEADS if tuple(words[-len(h):]) == h), None)
        if head_found is None:
            return False
        head, rest = head_found, words[:-len(head_found)]
    if head != ("ministry",) and rest:
        return False  # "Bank of Japan" aside, "X Central Bank" is named by X
    gaz = gazetteer()
    if any(" ".join(rest[i:j]) in gaz.countries for i in range(len(rest)) for j in range(i + 1, len(rest) + 1)):
        return False  # "Ivory Coast Agriculture Ministry"
    return all(word in ("and", "of", "the", "&") or is_dictionary_word(word, gaz) and word not in gaz.demonyms
               and word not in gaz.cities for word in rest)


def _lone_given_names(articles: Sequence[Article]) -> frozenset[str]:
    """Casefolded one-word person names that are only a given name here ("Alex"): a first name
    the archive never uses as the last word of a full name and that begins several full names
    of the archive, so merge_surnames cannot join it to one. A name that begins none is kept:
    it may be someone known by one name ("Fahd")."""
    starting: dict[str, set[str]] = defaultdict(set)
    ending: set[str] = set()
    alone: set[str] = set()
    for article in articles:
        for ref in article.people:
            key = ref.name.casefold()
            if " " in key:
                first, _, rest = key.partition(" ")
                starting[first].add(key)
                ending.add(rest.rsplit(" ", 1)[-1])
            else:
                alone.add(key)
    gaz = gazetteer()
    return frozenset(key for key in alone if key in gaz.first_names and key not in ending
                     and len(starting.get(key, ())) > 1)


def without_pageless_names(articles: Sequence[Article]) -> list[Article]:
    """The articles without the names that would make a wrong page: a given name alone that no
    one full name of the archive claims ("Alex", when Alex Ferguson and Alex Salmond are both
    named), an event filed as an organization ("Six Nations", "World Cup"), and an institution
    every country has, named without its country ("Finance Ministry") unless the article gives it
    an acronym ("MITI"). Run after
    firms_as_organizations, before anything is made of the names."""
    given = _lone_given_names(articles)
    kept: list[Article] = []
    for article in articles:
        people = tuple(ref for ref in article.people if ref.name.casefold() not in given)
        # An institution the article also names by an acronym of its own is one ministry ("MITI").
        organizations = tuple(ref for ref in article.organizations if not names_an_event(ref.name) and not (
            generic_institution(ref.name) and not any(_is_acronym(alias) for alias in ref.aliases)))
        if len(people) != len(article.people) or len(organizations) != len(article.organizations):
            article = replace(article, people=people, organizations=organizations)
        kept.append(article)
    return kept


def _unique_full_names(spelling: dict[str, str], uses: Counter[str]) -> dict[str, str]:
    """Surname (casefolded) -> the one full name in the archive ending in it."""
    owners: dict[str, set[str]] = defaultdict(set)
    for key in spelling:
        if uses[key] and " " in key:
            owners[key.rsplit(" ", 1)[1]].add(key)
    return {surname: next(iter(keys)) for surname, keys in owners.items() if len(keys) == 1}


# --- A-Z order of people --------------------------------------------------------------------

# Family names that come first in Chinese, Korean and Vietnamese names as English news writes
# them ("Xi Jinping", "Kim Jong-un"): such names are not inverted.
FAMILY_NAME_FIRST: frozenset[str] = frozenset(
    """
    xi li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao
    zheng liang xie song tang han feng deng cao peng zeng jiang wen hun
    kim lee park choi jung jeong kang cho yoon jang lim moon roh
    nguyen tran le pham hoang vu phan
    """.split()
)


def person_sort_name(name: str) -> str:
    """"Soleimani, Qassem" for a person's A-Z index. Single names, family-name-first East Asian
    names ("Xi Jinping") and names already written surname-first stay as they are; particles
    stay with the surname ("bin Laden, Osama") and post-nominals go last ("King, Martin Luther, Jr.")."""
    words = name.split()
    if len(words) < 2 or "," in name or not _has_given_name(words):
        return name
    suffix = ""
    if words[-1].rstrip(".").casefold() in POST_NOMINALS:
        suffix, words = words[-1], words[:-1]
        if len(words) < 2:
            return name
    if words[0].casefold() in FAMILY_NAME_FIRST and len(words) <= 3:
        return name
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in NAME_PARTICLES:
        start -= 1
    surname, given = " ".join(words[start:]), " ".join(words[:start])
    return f"{surname}, {given}" + (f", {suffix}" if suffix else "")


def _has_given_name(words: list[str]) -> bool:
    """False for names that are no "Given Surname": a title or common word first ("Exchequer
    Nigel Lawson" is listed as written), a body's word last, an acronym or a number anywhere."""
    first, last = words[0].casefold(), words[-1].rstrip(".").casefold()
    if first in TITLES or first in TITLE_MODIFIERS or first in COMMON_WORDS:
        return False
    if last in ORG_SUFFIXES:
        return False
    return not any(any(c.isdigit() for c in word) or len(word) > 2 and word.isupper() for word in words)


def index_letter(sort_name: str) -> str:
    """The A-Z letter of a sort name: its first capital letter ("bin Laden" under L), '#' for
    anything but A-Z."""
    for char in sort_name:
        if char.isupper() or char.isdigit():
            return char if char.isascii() and char.isalpha() else "#"
    first = sort_name[:1].upper()
    return first if first.isascii() and first.isalpha() else "#"
