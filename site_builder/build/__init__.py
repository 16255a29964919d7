"""`site-builder build`: the stages of a build, run in order."""
