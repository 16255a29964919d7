"""`site-builder serve`: a local server that rebuilds on change."""
