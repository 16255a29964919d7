"""Stage 1, seeds -> content: seed parsing, wire copy, tags, entities, the manifest of what was ingested."""
