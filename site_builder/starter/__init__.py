"""The files `site-builder init` writes into a new archive (scaffold.py)."""
