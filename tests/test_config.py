"""sources.yaml: what loads, and errors that name the file, line and key."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from aggregator.cli import main
from aggregator.config import ConfigError, load_config, parse_config, parse_interval

GOOD = """\
title: News
link: https://news.example.org
output_dir: out
database: sqlite:///db.sqlite
excerpt_length: 200
fetch:
  timeout: 5
  allow_private_networks: true
sources:
  - id: cag
    name: Centralasiengrupperna
    url: https://example.org/feed/
    languages: [sv, en]
    interval: 2h
  - id: kobiety
    name: KobieTY
    url: https://example.org/news.html
    type: html
    select: {item: div.news, title: h3, date: span.date}
"""


def load(text: str, tmp_path: Path) -> object:
    return parse_config(text, tmp_path / "sources.yaml")


def test_good_config_loads_with_defaults(tmp_path: Path) -> None:
    config = parse_config(GOOD, tmp_path / "sources.yaml")
    assert config.link == "https://news.example.org/"
    assert config.output_dir == tmp_path / "out"
    assert config.database == f"sqlite:///{tmp_path / 'db.sqlite'}"  # relative to the config file
    assert config.fetch.timeout == 5.0 and config.fetch.allow_private_networks
    assert config.fetch.user_agent.startswith("central-asia-news-aggregator/")
    assert "https://news.example.org/" in config.fetch.user_agent
    cag, kobiety = config.sources
    assert (cag.type, cag.languages, cag.interval) == ("auto", ("sv", "en"), timedelta(hours=2))
    assert kobiety.select is not None and kobiety.select.date == "span.date"
    assert kobiety.interval == timedelta(minutes=30)


def test_shipped_sources_yaml_is_valid() -> None:
    config = load_config(Path(__file__).parent.parent / "sources.yaml")
    assert len(config.sources) >= 15
    assert {"cag", "novi-ritm", "feminita"} <= {source.id for source in config.sources}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(("  timeout: 5", "  timeout: soon"), ":7: fetch.timeout: must be", id="bad-type"),
        pytest.param(("  timeout: 5", "  timeout: yes"), ":7: fetch.timeout: must be", id="bool-is-not-a-number"),
        pytest.param(("  timeout: 5", "  timout: 5"), ":7: fetch.timout: unknown key", id="unknown-fetch-key"),
        pytest.param(("  - id: kobiety", "  - id: cag"), ":15: sources[1].id: duplicate id 'cag' (first on line 10)",
                     id="duplicate-id"),
        pytest.param(("    interval: 2h", "    interval: often"), ":14: sources[0].interval:", id="bad-interval"),
        pytest.param(("    type: html", "    type: rss"), ":18: sources[1].type: 'rss' must be", id="bad-type-value"),
        pytest.param(("  - id: cag", "  - id: CAG!"), ":10: sources[0].id:", id="bad-id"),
        pytest.param(("    languages: [sv, en]", "    languages: [swedish]"), ":13: sources[0].languages:", id="bad-language"),
        pytest.param(("    url: https://example.org/feed/", "    url: example.org/feed"), ":12: sources[0].url:", id="bad-url"),
        pytest.param(("    select: {item: div.news,", "    select: {item: 'div[',"), ":19: sources[1].select.item:",
                     id="bad-selector"),
        pytest.param(("excerpt_length: 200", "excerpt_length: 200\nexcerpt_length: 100"), ":6: excerpt_length: duplicate key",
                     id="duplicate-key"),
        pytest.param(("title: News\n", ""), "title: is required", id="missing-title"),
        pytest.param(("fetch:", "fetch: ["), "not valid YAML", id="not-yaml"),
        pytest.param(("title: News", "title: !!python/name:os.system News"),
                     ":1: title: could not determine a constructor", id="unsafe-tag"),
        pytest.param(("  - id: cag", '  - id: "cag\\n"'), ":10: sources[0].id:", id="id-with-final-newline"),
        pytest.param(("    languages: [sv, en]", '    languages: ["sv\\n", en]'), ":13: sources[0].languages:",
                     id="language-with-final-newline"),
        pytest.param(("    interval: 2h", "    interval: ２h"), ":14: sources[0].interval:", id="interval-non-ascii-digit"),
    ],
)  # fmt: skip
def test_bad_config_names_line_and_key(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    old, new = change
    assert old in GOOD
    with pytest.raises(ConfigError) as raised:
        load(GOOD.replace(old, new, 1), tmp_path)
    assert message in str(raised.value)
    assert str(tmp_path / "sources.yaml") in str(raised.value)


def test_html_source_without_selectors_is_allowed(tmp_path: Path) -> None:
    config = parse_config(
        GOOD.replace("    select: {item: div.news, title: h3, date: span.date}\n", ""), tmp_path / "s.yaml"
    )
    assert config.sources[1].type == "html" and config.sources[1].select is None


def test_check_command_exits_2_and_says_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(GOOD.replace("  - id: kobiety", "  - id: cag"), encoding="utf-8")
    assert main(["--config", str(path), "check"]) == 2
    assert f"{path}:15: sources[1].id: duplicate id" in capsys.readouterr().err
    assert main(["--config", str(tmp_path / "missing.yaml"), "check"]) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [("30m", timedelta(minutes=30)), ("1h30m", timedelta(minutes=90)), ("1d", timedelta(days=1)), ("90s", timedelta(seconds=90)),
     ("", None), ("soon", None), ("30", None)],
)  # fmt: skip
def test_parse_interval(text: str, expected: timedelta | None) -> None:
    assert parse_interval(text) == expected


# --- YAML anchors and aliases ----------------------------------------------------------------


def test_alias_bomb_is_refused_before_it_expands(tmp_path: Path) -> None:
    # 9 levels of 9 aliases: 9**9 (387 million) titles if expanded; under 1 KB as text.
    levels = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 9)]
    text = "\n".join(levels) + "\ntitle: *l8\n"
    assert len(text) < 1024
    with pytest.raises(ConfigError) as raised:
        load(text, tmp_path)
    assert f"{tmp_path / 'sources.yaml'}:1: YAML anchors (&name) and aliases (*name) are not allowed" in str(
        raised.value
    )


def test_an_alias_is_refused_on_its_line(tmp_path: Path) -> None:
    # An anchor is refused where it is written; an alias (here one naming no anchor) on its line.
    with pytest.raises(ConfigError) as raised:
        load("x-name: &n News\n" + GOOD.replace("title: News", "title: *n"), tmp_path)
    assert ":1: YAML anchors" in str(raised.value)
    with pytest.raises(ConfigError) as raised:
        load(GOOD.replace("    name: Centralasiengrupperna", "    name: *n"), tmp_path)
    assert ":11: YAML anchors" in str(raised.value)


# --- output_dir must be a folder of its own ----------------------------------------------------


@pytest.mark.parametrize(
    ("output_dir", "database", "holds"),
    [
        pytest.param("/", "sqlite:///db.sqlite", "is the root folder", id="root"),
        pytest.param(".", "sqlite:///db.sqlite", "holds the config file", id="config-folder"),
        pytest.param("..", "sqlite:///db.sqlite", "holds the config file", id="above-the-config"),
        pytest.param("data", "sqlite:///data/db.sqlite", "holds the database file", id="database-folder"),
        pytest.param("{tmp}", "sqlite:///{tmp}/deep/er/db.sqlite", "holds the config file", id="absolute"),
    ],
)
def test_output_dir_may_not_hold_the_config_or_database(
    tmp_path: Path, output_dir: str, database: str, holds: str
) -> None:
    config_dir = tmp_path / "conf"
    text = GOOD.replace("output_dir: out", f"output_dir: {output_dir.format(tmp=tmp_path)}")
    text = text.replace("database: sqlite:///db.sqlite", f"database: {database.format(tmp=tmp_path)}")
    with pytest.raises(ConfigError) as raised:
        parse_config(text, config_dir / "sources.yaml")
    message = str(raised.value)
    assert message.startswith(f"{config_dir / 'sources.yaml'}:3: output_dir: ") and holds in message
    assert "\n" not in message


def test_output_dir_beside_the_config_and_database_is_fine(tmp_path: Path) -> None:
    text = GOOD.replace("database: sqlite:///db.sqlite", "database: sqlite:///data/db.sqlite")
    assert parse_config(text, tmp_path / "sources.yaml").output_dir == tmp_path / "out"
    elsewhere = GOOD.replace("output_dir: out", f"output_dir: {tmp_path / 'www' / 'feeds'}")
    assert parse_config(elsewhere, tmp_path / "conf" / "sources.yaml").output_dir == tmp_path / "www" / "feeds"
    postgres = GOOD.replace("sqlite:///db.sqlite", "postgresql+psycopg://news:secret@db.example.org/news")
    assert parse_config(postgres, tmp_path / "sources.yaml").database.startswith("postgresql")


def test_check_refuses_output_dir_root(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(GOOD.replace("output_dir: out", "output_dir: /"), encoding="utf-8")
    assert main(["--config", str(path), "check"]) == 2
    assert f"{path}:3: output_dir: / is the root folder" in capsys.readouterr().err


# --- staff controls: monitor only, include/exclude rules, the staff folder and password ---------

HASH = "scrypt$16384$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g="
CONTROLS = """\
  - id: general
    name: Nordic Solidarity
    url: https://example.org/general.rss
    publish: true
    include:
      - kyrgyz*
      - "/Centralasi(en|a)/"
      - 2024
    exclude: [fotboll, футбол*, "#MeToo"]
  - id: quiet
    url: https://example.org/quiet.rss
    publish: false
"""


def test_staff_controls_load(tmp_path: Path) -> None:
    config = parse_config(GOOD + CONTROLS, tmp_path / "sources.yaml")
    cag, _, general, quiet = config.sources
    assert (cag.publish, cag.include, cag.exclude) == (True, (), ())
    assert general.include == ("kyrgyz*", "/Centralasi(en|a)/", "2024")
    assert general.exclude == ("fotboll", "футбол*", "#MeToo")
    assert general.publish and not quiet.publish


def test_staff_settings_default_beside_the_public_folder(tmp_path: Path) -> None:
    config = parse_config(GOOD, tmp_path / "sources.yaml")
    assert config.staff is not None and config.staff == config.staff_settings
    assert config.staff.output_dir == tmp_path / "out-staff"
    assert (config.staff.user, config.staff.password_hash) == ("staff", None)


def test_staff_settings_load(tmp_path: Path) -> None:
    text = GOOD + f"staff:\n  output_dir: private/staff\n  user: anna-k\n  password_hash: {HASH}\n"
    staff = parse_config(text, tmp_path / "conf" / "sources.yaml").staff
    assert staff is not None
    assert staff.output_dir == tmp_path / "conf" / "private" / "staff"  # relative to the config file
    assert (staff.user, staff.password_hash) == ("anna-k", HASH)
    absolute = GOOD + f"staff: {{output_dir: {tmp_path / 'www-staff'}}}\n"
    assert (
        parse_config(absolute, tmp_path / "conf" / "sources.yaml").staff_settings.output_dir == tmp_path / "www-staff"
    )


@pytest.mark.parametrize(
    ("addition", "message"),
    [
        pytest.param(CONTROLS.replace("publish: false", "publish: no-thanks"), ":31: sources[3].publish: must be true or false",
                     id="publish-not-bool"),
        pytest.param(CONTROLS.replace("      - 2024", "      - *stan"), ":27: YAML anchors", id="rule-read-as-alias"),
        pytest.param(CONTROLS.replace("      - 2024", "      - '*stan'"), ":27: sources[2].include[2]: '*stan': a * may only",
                     id="star-first"),
        pytest.param(CONTROLS.replace("      - 2024", "      - /(unclosed/"), ":27: sources[2].include[2]: '/(unclosed/' is not a",
                     id="bad-regex"),
        pytest.param(CONTROLS.replace("      - 2024", "      - ''"), ":27: sources[2].include[2]: is empty", id="empty-rule"),
        pytest.param(CONTROLS.replace("      - 2024", "      - {a: b}"), ":27: sources[2].include[2]: must be text",
                     id="rule-not-text"),
        pytest.param(CONTROLS.replace("fotboll, футбол*", "fotboll, 'футбол*x'"), ":28: sources[2].exclude[1]: 'футбол*x'",
                     id="exclude-index"),
        pytest.param(CONTROLS.replace("exclude: [fotboll, футбол*, \"#MeToo\"]", "exclude: fotboll"),
                     ":28: sources[2].exclude: must be a list", id="exclude-not-a-list"),
        pytest.param("staff:\n  password: x\n", ":21: staff.password: unknown key", id="unknown-staff-key"),
        pytest.param("staff: [public-staff]\n", ":20: staff: must be a mapping", id="staff-not-a-mapping"),
        pytest.param("staff:\n  output_dir: 5\n", ":21: staff.output_dir: must be text", id="staff-dir-not-text"),
        pytest.param("staff:\n  user: anna k\n", ":21: staff.user: must be", id="user-with-space"),
        pytest.param("staff:\n  user: 'anna:k'\n", ":21: staff.user: must be", id="user-with-colon"),
        pytest.param("staff:\n  password_hash: hunter2\n", ":21: staff.password_hash: must look like scrypt$", id="plain-password"),
        pytest.param(f"staff:\n  password_hash: '{HASH}\n'\n", ":21: staff.password_hash: must look like", id="hash-newline"),
        pytest.param(f"staff:\n  password_hash: '{HASH.replace('$8$', '$8$$')}'\n", ":21: staff.password_hash:",
                     id="hash-extra-field"),
        pytest.param(f"staff:\n  password_hash: '{HASH.replace('$8$', '$0$')}'\n", ":21: staff.password_hash:",
                     id="hash-zero-cost"),
    ],
)  # fmt: skip
def test_bad_staff_control_names_line_and_key(tmp_path: Path, addition: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load(GOOD + addition, tmp_path)
    assert message in str(raised.value)
    assert str(raised.value).startswith(str(tmp_path / "sources.yaml"))
    assert "\n" not in str(raised.value) and "hunter2" not in str(raised.value)


@pytest.mark.parametrize(
    ("staff_dir", "output_dir", "holds"),
    [
        pytest.param("/", "out", "is the root folder", id="root"),
        pytest.param(".", "out", "holds the config file", id="config-folder"),
        pytest.param("data", "out", "holds the database file", id="database-folder"),
        pytest.param("out", "out", "is the public output_dir", id="same-as-public"),
        pytest.param("out/../out/", "out", "is the public output_dir", id="same-written-otherwise"),
        pytest.param("out/staff", "out", "is inside the public output_dir", id="inside-public"),
        pytest.param("www", "www/public", "holds the public output_dir", id="holds-public"),
    ],
)
def test_staff_dir_is_a_folder_of_its_own_apart_from_the_public_one(
    tmp_path: Path, staff_dir: str, output_dir: str, holds: str
) -> None:
    text = GOOD.replace("output_dir: out", f"output_dir: {output_dir}").replace(
        "sqlite:///db.sqlite", "sqlite:///data/db.sqlite"
    )
    with pytest.raises(ConfigError) as raised:
        load(text + f"staff:\n  user: anna\n  output_dir: {staff_dir}\n", tmp_path)
    message = str(raised.value)
    assert message.startswith(f"{tmp_path / 'sources.yaml'}:22: staff.output_dir: ") and holds in message


def test_public_folder_inside_the_default_staff_folder_is_refused(tmp_path: Path) -> None:
    # The config lives in conf-staff and output_dir is ../conf: the default staff folder
    # (conf-staff) would hold the config file.
    config_path = tmp_path / "conf-staff" / "sources.yaml"
    with pytest.raises(ConfigError) as raised:
        parse_config(GOOD.replace("output_dir: out", "output_dir: ../conf"), config_path)
    assert f"{config_path}:3: staff.output_dir: (by default beside output_dir)" in str(raised.value)
    assert "holds the config file" in str(raised.value)


def test_password_hash_from_the_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = HASH.replace("$16384$", "$32768$")
    path = tmp_path / "sources.yaml"
    path.write_text(GOOD + f"staff:\n  password_hash: '{HASH}'\n", encoding="utf-8")
    monkeypatch.delenv("AGGREGATOR_STAFF_PASSWORD_HASH", raising=False)
    assert load_config(path).staff_settings.password_hash == HASH
    monkeypatch.setenv("AGGREGATOR_STAFF_PASSWORD_HASH", "")  # set but empty: the file's stands
    assert load_config(path).staff_settings.password_hash == HASH
    monkeypatch.setenv("AGGREGATOR_STAFF_PASSWORD_HASH", other + "\n")
    assert load_config(path).staff_settings.password_hash == other
    path.write_text(GOOD, encoding="utf-8")  # no staff mapping at all
    assert load_config(path).staff_settings.password_hash == other
    monkeypatch.setenv("AGGREGATOR_STAFF_PASSWORD_HASH", "hunter2")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert str(raised.value).startswith("AGGREGATOR_STAFF_PASSWORD_HASH: must look like") and "hunter2" not in str(
        raised.value
    )
    # parse_config itself reads no environment: the override is passed in.
    assert parse_config(GOOD, path).staff_settings.password_hash is None
    assert parse_config(GOOD, path, staff_password_hash=other).staff_settings.password_hash == other
