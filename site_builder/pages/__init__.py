"""Stage 3, the pages of the site: what each page is, and the plain data its template receives."""
