"""The content folder's pages: front matter, reading, dates, Markdown, images, publication rules."""
