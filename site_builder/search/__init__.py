"""Stage 5, the search indexes: Pagefind's shards and the file:// index."""
