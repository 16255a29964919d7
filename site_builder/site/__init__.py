"""Stage 2, the site model: names merged across the site, related coverage, hand edits of entities."""
