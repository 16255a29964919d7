"""Stage 4, pages -> HTML: the Jinja2 environment and the themes."""
