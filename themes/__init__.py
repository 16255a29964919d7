"""The themes that ship with site_builder, installed as the package site_builder.themes
(pyproject.toml maps it to this folder). A project's own themes/ folder comes first."""
