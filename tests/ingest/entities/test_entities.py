"""Tests for site_builder.ingest.entities."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.ingest.entities import Entity, article_entities, extract_entities, run_jsonl, salient_entities
from site_builder.ingest.seed import split_credit
from site_builder.ingest.tags import suggest_tags
from site_fixtures import load_script

SEED_TITLE = "5 members of Iran-backed militia killed in Iraq airstrike"
SEED_SUMMARY = (
    "An Iraqi official says an airstrike north of Baghdad has hit two cars carrying members of "
    "Iran-backed militia, one day after a U.S. airstrike killed top Iranian Gen. Qassem Soleimani."
)
SEED_CAPTION = (
    "A member of the Iran-backed Popular Mobilization Forces is seen in Basra, Iraq, in September "
    "2018. An Iraqi official says an airstrike north of Baghdad has hit two cars carrying members of "
    "the militia, killing five. (Alaa al-Marjani/Reuters)"
)
SEED_BODY = "\n\n".join(
    [
        "An Iraqi official says an airstrike north of Baghdad has hit two cars carrying members of "
        "Iran-backed militia, one day after a U.S. airstrike killed top Iranian Gen. Qassem Soleimani. "
        "The official said five members of the militia were killed.",
        "The official spoke on condition of anonymity because they was not authorized to talk to reporters.",
        "The Iran-backed Popular Mobilization Forces confirmed the strike, saying it targeted one of its "
        "medical convoys near the stadium in Taji, north of Baghdad. The group denied any of its top "
        "leaders were killed.",
        "The American military did not carry out the reported attack, according to a U.S. official who "
        "spoke on condition of anonymity.",
        "The death of Soleimani, the head of Iran's elite Quds Force, marks a major escalation in the "
        "standoff between Washington and Iran, which has careened from one crisis to another since U.S. "
        "President Donald Trump withdrew from the 2015 nuclear deal and imposed crippling sanctions.",
        "The targeted strike against Soleimani and any retaliation by Iran could ignite a conflict that "
        "engulfs the whole region, endangering U.S. troops in Iraq, Syria and beyond. Over the last two "
        "decades, Soleimani had assembled a network of heavily armed allies stretching all the way to "
        "southern Lebanon, on Israel's doorstep.",
        "The United States said it was sending nearly 3,000 more troops to the Middle East, reflecting "
        "concern about potential Iranian retaliation. The U.S. also urged Americans to leave Iraq "
        "immediately following the airstrike at Baghdad's international airport that Iran's state TV "
        "said killed Soleimani and nine others.",
        "The announcement about sending more troops came as Trump said Soleimani's killing was not an "
        "effort to begin a conflict with Iran.",
        '"We took action last night to stop a war. We did not take action to start a war," Trump said, '
        "adding that he does not seek regime change in Iran.",
        "Iran's supreme leader, Ayatollah Ali Khamenei, vowed \"harsh retaliation\" after the airstrike, "
        'calling Soleimani the "international face of resistance." Khamenei declared three days of public '
        "mourning and appointed Maj. Gen. Esmail Ghaani, Soleimani's deputy, to replace him as head of "
        "the Quds Force.",
    ]
)

JUNK = {"The", "An", "An Iraqi", "Iraqi", "Gen.", "Gen", "Maj.", "Ayatollah", "American", "Iranian",
        "Americans", "Alaa al-Marjani", "Reuters", "TV"}


@pytest.fixture(scope="module")
def seed() -> dict[str, list[dict]]:
    caption, credit = split_credit(SEED_CAPTION)  # as ingest hands the caption over: without its credit
    assert credit == "Alaa al-Marjani/Reuters"
    return article_entities(SEED_TITLE, SEED_SUMMARY, caption, SEED_BODY)


def names(items: list[dict]) -> set[str]:
    return {item["name"] for item in items}


def all_names(result: dict[str, list[dict]]) -> set[str]:
    return {n for items in result.values() for n in names(items)}


def all_surface_forms(result: dict[str, list[dict]]) -> set[str]:
    return all_names(result) | {a for items in result.values() for item in items for a in item["aliases"]}


# --- seed article -----------------------------------------------------------


def test_seed_people(seed: dict[str, list[dict]]) -> None:
    assert {"Qassem Soleimani", "Donald Trump", "Ali Khamenei", "Esmail Ghaani"} <= names(seed["people"])


def test_seed_organizations(seed: dict[str, list[dict]]) -> None:
    assert {"Popular Mobilization Forces", "Quds Force"} <= names(seed["organizations"])


def test_seed_places(seed: dict[str, list[dict]]) -> None:
    expected = {"Iraq", "Baghdad", "Iran", "Taji", "Basra", "Syria", "Lebanon", "Israel", "United States"}
    assert expected <= names(seed["places"])


def test_seed_has_no_junk_or_photo_credit(seed: dict[str, list[dict]]) -> None:
    assert not (all_surface_forms(seed) & JUNK)
    assert not any("Marjani" in name or "Reuters" in name for name in all_surface_forms(seed))


def test_seed_titles_are_stripped_from_people(seed: dict[str, list[dict]]) -> None:
    assert seed["people"]
    for item in seed["people"]:
        for form in [item["name"], *item["aliases"]]:
            first = form.split()[0]
            assert first not in {"Gen.", "Maj.", "President", "Ayatollah", "U.S."}, form


def test_seed_coreference_merges_surnames_and_aliases(seed: dict[str, list[dict]]) -> None:
    people = {item["name"]: item["aliases"] for item in seed["people"]}
    assert "Soleimani" in people["Qassem Soleimani"]
    assert "Trump" in people["Donald Trump"]
    assert "Soleimani" not in people  # merged, not a separate person
    places = {item["name"]: item["aliases"] for item in seed["places"]}
    assert "U.S." in places["United States"]
    assert "U.S." not in places


def test_seed_lists_are_most_salient_first(seed: dict[str, list[dict]]) -> None:
    # Iraq is in the headline; Baghdad and Soleimani in the lead; Basra only in the photo caption.
    assert seed["places"][0]["name"] == "Iraq"
    assert seed["places"][-1]["name"] == "Basra"
    assert seed["people"][0]["name"] == "Qassem Soleimani"  # in the lead and named most often


SALIENCE_CASES = [
    # (title, summary, caption, body, expected order of all names)
    ("Merkel visits Paris", "", "", "Angela Merkel met Jacques Chirac. Chirac and Chirac again.",
     ["Angela Merkel", "Paris", "Jacques Chirac"]),  # the headline first, even when named less
    ("Talks end", "Jacques Chirac spoke.", "", "The talks ended.\n\nAngela Merkel and Merkel and Merkel. Chirac left.",
     ["Jacques Chirac", "Angela Merkel"]),  # the lead (summary) before the count
    ("Talks end", "", "Officials in Basra, Iraq.", "Troops left Baghdad.",
     ["Baghdad", "Basra", "Iraq"]),  # a caption-only name comes last
]


@pytest.mark.parametrize("title, summary, caption, body, expected", SALIENCE_CASES)
def test_salience_order(title: str, summary: str, caption: str, body: str, expected: list[str]) -> None:
    assert [e.name for e in salient_entities(title, summary, caption, body)] == expected


def test_seed_tags() -> None:
    tags = suggest_tags(SEED_TITLE, SEED_SUMMARY, SEED_BODY, "World")
    assert 2 <= len(tags) <= 6
    assert "Airstrikes" in tags
    assert "Middle East" in tags
    assert "Iran–US Relations" in tags
    assert all(tag[0].isupper() for tag in tags)
    assert len(set(tags)) == len(tags)


# --- extract_entities -------------------------------------------------------


def test_mentions_are_offsets_into_the_text() -> None:
    text = "Iran's leader met Angela Merkel in Berlin. Merkel said Iran must talk."
    entities = extract_entities(text)
    by_name = {e.name: e for e in entities}
    assert [text[s:t] for s, t in by_name["Iran"].mentions] == ["Iran", "Iran"]
    assert [text[s:t] for s, t in by_name["Angela Merkel"].mentions] == ["Angela Merkel", "Merkel"]
    assert by_name["Angela Merkel"].type == "person"
    assert by_name["Berlin"].type == "place"
    for entity in entities:
        assert list(entity.mentions) == sorted(entity.mentions)


def test_output_sorted_and_deterministic() -> None:
    text = "The Bank of England and the European Commission met in London with John Smith of Acme Corp."
    first = extract_entities(text)
    assert first == extract_entities(text)
    assert first == sorted(first, key=lambda e: (e.type, e.name))
    assert all(isinstance(e, Entity) for e in first)
    kinds = {e.name: e.type for e in first}
    assert kinds["Bank of England"] == "organization"
    assert kinds["European Commission"] == "organization"
    assert kinds["Acme Corp."] == "organization"
    assert kinds["London"] == "place"
    assert kinds["John Smith"] == "person"


def test_sentence_initial_words_and_demonyms_are_not_entities() -> None:
    text = "However, British and German officials said the talks would resume. Yesterday it rained."
    assert extract_entities(text) == []


def test_hyphenated_modifiers_are_not_places() -> None:
    assert extract_entities("A U.S.-led and Iran-backed force was formed.") == []


def test_all_caps_headline_uses_gazetteer_and_known_names() -> None:
    text = "SOCCER - JAPAN BEAT SYRIA IN FRIENDLY\nJapan beat Syria 2-1 on Friday, coach Shu Kamo said."
    entities = extract_entities(text)
    japan = next(e for e in entities if e.name == "Japan")
    assert japan.type == "place"
    assert (text.index("JAPAN"), text.index("JAPAN") + 5) in japan.mentions
    assert not any(e.name.upper() in {"SOCCER", "BEAT", "FRIENDLY"} for e in entities)


def test_place_context_tags_unknown_town() -> None:
    entities = extract_entities("Shots were fired near Qaraqosh, north of Mosul.")
    assert ("Qaraqosh", "place") in {(e.name, e.type) for e in entities}


def test_title_splits_country_and_person() -> None:
    text = "U.S. President Bill Clinton spoke."
    got = {(e.name, e.type, text[e.mentions[0][0]:e.mentions[0][1]]) for e in extract_entities(text)}
    assert got == {("United States", "place", "U.S."), ("Bill Clinton", "person", "Bill Clinton")}


@pytest.mark.scale
def test_long_paragraph_is_handled() -> None:
    sentence = "Officials in Paris said Jean Dupont of the Bank of France met al-Sadr near Basra. "
    text = sentence * 2500  # about 200,000 characters
    assert len(text) > 200_000
    entities = {e.name: e for e in extract_entities(text)}
    assert len(entities["Paris"].mentions) == 2500
    assert entities["Jean Dupont"].type == "person"


def test_empty_text() -> None:
    assert extract_entities("") == []


# --- JSON Lines -------------------------------------------------------------


def test_run_jsonl_writes_one_line_per_input_and_reports_bad_lines() -> None:
    stdin = io.StringIO(
        '{"id": "a", "text": "Angela Merkel visited Paris."}\n'
        "not json\n"
        '{"id": "b"}\n'
        '{"id": 3, "text": ""}\n'
    )
    stdout, stderr = io.StringIO(), io.StringIO()
    status = run_jsonl(stdin, stdout, stderr)
    assert status != 0
    lines = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert [line["id"] for line in lines] == ["a", 3]
    first = {e["name"]: e for e in lines[0]["entities"]}
    assert first["Angela Merkel"] == {"name": "Angela Merkel", "type": "person", "mentions": [[0, 13]]}
    assert first["Paris"]["type"] == "place"
    assert lines[1]["entities"] == []
    assert "line 2" in stderr.getvalue() and "line 3" in stderr.getvalue()


def test_run_jsonl_names_the_users_line_and_column_and_refuses_invalid_utf8() -> None:
    stdin = io.BytesIO(b'{"id": 1, "text": "Iraq"}\n{"id": 2, "text": "caf\xe9 in Paris"}\n\n'
                       b'{"id": 4 "text": "x"}\n{"id": 5, "text": "Caf\xc3\xa9 in Baghdad"}\n')
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run_jsonl(stdin, stdout, stderr) == 1
    assert stderr.getvalue().splitlines() == [
        "line 2, column 23: skipped bad input: not valid UTF-8 (byte 0xe9); save the input as UTF-8",
        "line 4, column 10: skipped bad input: Expecting ',' delimiter",
    ]
    assert [json.loads(line)["id"] for line in stdout.getvalue().splitlines()] == [1, 5]


def test_the_entities_command_refuses_invalid_utf8_from_standard_input() -> None:
    result = subprocess.run([sys.executable, "-m", "site_builder", "entities"], capture_output=True,
                            input=b'{"id": 1, "text": "caf\xe9 in Paris"}\n{"id": 2, "text": "Paris"}\n',
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])})
    assert result.returncode == 1
    assert result.stderr.decode() == "line 1, column 23: skipped bad input: not valid UTF-8 (byte 0xe9); " \
                                     "save the input as UTF-8\n"
    assert [json.loads(line)["id"] for line in result.stdout.decode().splitlines()] == [2]


def test_run_jsonl_success_status() -> None:
    stdout = io.StringIO()
    assert run_jsonl(io.StringIO('{"id": 1, "text": "Iraq"}\n'), stdout, io.StringIO()) == 0
    assert json.loads(stdout.getvalue())["entities"][0]["name"] == "Iraq"


# --- evaluation script ------------------------------------------------------


def test_eval_script_missing_file_exits_2(tmp_path, capsys) -> None:
    assert load_script("eval_entities").main([str(tmp_path / "missing.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "missing.jsonl is missing" in err and "conll2003/ner.jsonl" in err


def test_eval_script_scores_a_small_file(tmp_path, capsys) -> None:
    text = "Angela Merkel visited Paris on Monday."
    doc = {
        "id": "d1",
        "text": text,
        "entities": [
            {"start": 0, "end": 13, "text": "Angela Merkel", "type": "PER"},
            {"start": 22, "end": 27, "text": "Paris", "type": "LOC"},
        ],
    }
    path = tmp_path / "ner.jsonl"
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    assert load_script("eval_entities").main([str(path)]) == 0
    out = capsys.readouterr().out
    overall = [line for line in out.splitlines() if line.strip().startswith("overall")]
    assert overall and all(line.split()[1:4] == ["1.000", "1.000", "1.000"] for line in overall)


def _write_docs(path, docs) -> None:
    path.write_text("".join(json.dumps(doc) + "\n" for doc in docs), encoding="utf-8")


def test_eval_script_reports_misc_predictions_both_ways(tmp_path, capsys) -> None:
    # "Reuters" is predicted as an organization but gold calls the span MISC: ignored in the
    # main table (precision 1.0), a false positive in the second figure (precision 0.5).
    text = "Angela Merkel spoke to Reuters."
    doc = {"id": "d1", "split": "dev", "text": text,
           "entities": [{"start": 0, "end": 13, "text": "Angela Merkel", "type": "PER"},
                        {"start": 23, "end": 30, "text": "Reuters", "type": "MISC"}]}
    _write_docs(tmp_path / "ner.jsonl", [doc])
    assert load_script("eval_entities").main([str(tmp_path / "ner.jsonl")]) == 0
    out = capsys.readouterr().out
    main_overall = next(line for line in out.splitlines() if line.strip().startswith("overall"))
    assert main_overall.split()[1:4] == ["1.000", "1.000", "1.000"]
    assert "MISC spans counted as false positives: overall P 0.500 R 1.000 F1 0.667" in out


def test_eval_script_reports_a_test_split_when_the_file_has_one(tmp_path, capsys) -> None:
    docs = [{"id": f"d{n}", "split": split, "text": "Angela Merkel spoke.",
             "entities": [{"start": 0, "end": 13, "text": "Angela Merkel", "type": "PER"}]}
            for n, split in enumerate(("train", "test"))]
    _write_docs(tmp_path / "ner.jsonl", docs)
    assert load_script("eval_entities").main([str(tmp_path / "ner.jsonl")]) == 0
    headings = [line.split(":")[0] for line in capsys.readouterr().out.splitlines() if "documents (" in line]
    assert headings == ["train", "train", "test", "test"]  # all documents, then prose only; no dev


def test_table_like_detection() -> None:
    module = load_script("eval_entities")
    assert module.is_table_like("Results\nAlpha 3 1 0 9\nBeta 2 2 0 6\nGamma 1 0 3 3")
    assert not module.is_table_like("Prices rose 3 percent in May.\nThe bank said it would act.")
