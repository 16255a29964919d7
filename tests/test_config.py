from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.config import Config, ConfigError, load_config


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == Config(root=tmp_path)


def test_values_are_read(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text('title = "Daily"\npage_size = 5\nbase_url = "https://x.org/news"\n')
    config = load_config(tmp_path)
    assert (config.title, config.page_size, config.base_url) == ("Daily", 5, "https://x.org/news/")


@pytest.mark.parametrize("text, named", [
    ('titel = "x"\n', "titel"),
    ('page_size = "ten"\n', "page_size"),
    ("title = 3\n", "title"),
    ("page_size = 0\n", "page_size"),
    ('base_url = "example.org"\n', "base_url"),
    ("title = \n", "not valid TOML"),
])
def test_mistakes_name_the_key(tmp_path: Path, text: str, named: str) -> None:
    (tmp_path / "site.toml").write_text(text)
    with pytest.raises(ConfigError, match=named):
        load_config(tmp_path)
