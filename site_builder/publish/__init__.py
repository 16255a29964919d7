"""Stage 6, the output folder: the atomic swap of the live site and the build cache."""
