"""The public reading page and the staff page of tests/publish_sample.py in headless Chromium:
the filters work on the public page, both fit a phone, and the staff page shows what is kept out.

Same needs as tests/test_browser.py (Debian's chromium and chromium-driver, selenium); skipped
with the reason when they are missing. Screenshots are saved under the test's temporary folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator.publish import publish
from aggregator.serve import HealthInfo, serving
from tests import publish_sample as sample
from tests.test_browser import (
    DESKTOP,
    PHONE,
    By,
    Select,
    WebDriverWait,
    browser,  # noqa: F401 - the fixture
    emulate,
    pytestmark,  # noqa: F401 - skipped without chromium
    screenshot,
    severe_console_messages,
    visible_stories,
)


@pytest.fixture(scope="module")
def sample_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The sample published, each folder served; yields (public address, staff address)."""
    root = tmp_path_factory.mktemp("sample")
    publish(root / "public", root / "staff", sample.sample_site(), sample.visibility(), sample.sample_statuses())
    now = datetime.now(UTC)
    with (
        serving(root / "public", lambda: HealthInfo(now, now)) as public,
        serving(root / "staff", lambda: HealthInfo(now, now)) as staff,
    ):
        yield public + "/", staff + "/"


def test_public_page_filters_and_fits_a_phone(browser, sample_sites: tuple[str, str], tmp_path: Path) -> None:  # noqa: F811
    public, _ = sample_sites
    emulate(browser, DESKTOP)
    browser.get(public)
    form = browser.find_element(By.ID, "filters")
    WebDriverWait(browser, 5).until(lambda d: form.is_displayed())  # the CSP allowed the script
    everything = visible_stories(browser)
    assert len(everything) == 6
    Select(form.find_element(By.NAME, "partner")).select_by_value("kibhr")
    kibhr = visible_stories(browser)
    assert kibhr and all("kibhr" in s["partners"].split() for s in kibhr) and len(kibhr) < len(everything)
    assert severe_console_messages(browser) == []
    text = browser.find_element(By.TAG_NAME, "body").text
    assert not any(word.lower() in text.lower() for word in sample.SECRET_WORDS)
    screenshot(browser, DESKTOP, tmp_path / "public-desktop.png")
    emulate(browser, PHONE)
    try:
        browser.get(public)
        assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(browser, PHONE, tmp_path / "public-phone.png", max_height=2400)
    finally:
        emulate(browser, DESKTOP)


def test_staff_page_marks_kept_out_stories_and_fits_a_phone(
    browser,  # noqa: F811
    sample_sites: tuple[str, str],
    tmp_path: Path,
) -> None:
    _, staff = sample_sites
    emulate(browser, DESKTOP)
    browser.get(staff)
    marked = browser.find_elements(By.CSS_SELECTOR, "li.kept-out .badge")
    assert sorted(badge.text.lower() for badge in marked) == [
        "filtered",
        "monitor only",
        "monitor only",
        "removed from the config",
        "withdrawn",
    ]
    assert "aggregator restore" in browser.find_element(By.ID, "withdrawn").text
    assert severe_console_messages(browser) == []
    screenshot(browser, DESKTOP, tmp_path / "staff-desktop.png")
    emulate(browser, PHONE)
    try:
        browser.get(staff)
        assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(browser, PHONE, tmp_path / "staff-phone.png", max_height=5000)
    finally:
        emulate(browser, DESKTOP)
