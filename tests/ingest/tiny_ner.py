"""A tiny external entity extractor for the tests: it speaks the JSON Lines protocol of
`site-builder entities` and calls every word of "Zorblax Corp" an organization and every
"Quentin Blorp" a person. It writes its process id to starts.log in the working folder each
time it starts, and misbehaves on purpose when the text contains CRASH or GARBLE."""

import json
import os
import re
import sys

with open("starts.log", "a", encoding="utf-8") as log:
    log.write(f"{os.getpid()}\n")

NAMES = {"Zorblax Corp": "organization", "Quentin Blorp": "person", "Blorp": "person"}

for line in sys.stdin:  # answers stay in Python's output buffer: the caller must not wait for each
    request = json.loads(line)
    text = request["text"]
    if "CRASH" in text:
        print("tiny_ner: cannot cope with this text", file=sys.stderr)
        sys.exit(3)
    if "GARBLE" in text:
        print("this is not json")
        continue
    entities = []
    for name, etype in NAMES.items():
        spans = [[m.start(), m.end()] for m in re.finditer(r"\b" + re.escape(name) + r"\b", text)]
        if spans:
            entities.append({"name": "Quentin Blorp" if name == "Blorp" else name, "type": etype, "mentions": spans})
    merged = {}
    for entity in entities:
        merged.setdefault((entity["name"], entity["type"]), []).extend(entity["mentions"])
    answer = [{"name": n, "type": t, "mentions": sorted(m)} for (n, t), m in merged.items()]
    print(json.dumps({"id": request["id"], "entities": answer}))
