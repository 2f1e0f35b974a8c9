"""The staff page in a real browser: headless Chromium driven over WebDriver (selenium with
Debian's chromedriver, the same version as Debian's chromium by construction).

The demo pipeline publishes into a temporary folder, aggregator.serve serves it on 127.0.0.1,
and the browser loads the page, uses the filters, and is checked at desktop and phone widths and
with JavaScript off. The staff area (/staff/) is checked to ask for its password: credentials are
given to headless Chromium as an Authorization header over CDP, and as user:password@ addresses. Screenshots are saved under the test's temporary folder and their paths
printed (`pytest -s tests/test_browser.py` shows them).

Needs: apt-get install chromium chromium-driver; pip install selenium. Skipped, with the reason,
when any of them is missing.
"""

from __future__ import annotations

import base64
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aggregator.cli import main
from aggregator.demo import PartnerWeb
from aggregator.models import SiteInfo, SourceConfig, SourceRef, SourceStatus, StaffSettings, Story, Visibility
from aggregator.publish import publish
from aggregator.publish.files import write_set
from aggregator.serve import HealthInfo, serving
from aggregator.staff_auth import hash_password
from tests.conftest import write_demo_config

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed: pip install selenium")
from selenium.webdriver.chrome.service import Service  # noqa: E402 - only once selenium is known to exist
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
)

DESKTOP = {"width": 1366, "height": 900, "deviceScaleFactor": 1, "mobile": False}
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}


def chromium(profile: Path, *, javascript: bool = True) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    for flag in (
        "--headless=new",
        "--no-sandbox",  # we run as root in CI
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1366,900",
    ):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path: selenium never tries to download one.
    return webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER or ""))


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo pipeline's staff pages, served over HTTP; yields the staff page's address."""
    directory = tmp_path_factory.mktemp("browser-demo")
    with PartnerWeb() as web:
        config = write_demo_config(directory, web)
        assert main(["--config", str(config), "run", "--once"]) == 0
    now = datetime.now(UTC)
    with serving(directory / "public-staff", lambda: HealthInfo(now, now)) as base_url:
        yield base_url + "/"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    driver = chromium(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def emulate(driver: webdriver.Chrome, device: dict[str, object]) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", device)


def screenshot(driver: webdriver.Chrome, device: dict[str, object], path: Path, max_height: int = 5000) -> Path:
    """The whole page (up to max_height CSS pixels) as it looks on `device`."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    emulate(driver, {**device, "height": min(int(height), max_height)})
    driver.save_screenshot(str(path))
    emulate(driver, device)
    print(f"screenshot: {path}")
    return path


def visible_stories(driver: webdriver.Chrome) -> list[dict[str, str]]:
    return [
        {"lang": li.get_attribute("data-lang"), "partners": li.get_attribute("data-partners")}
        for li in driver.find_elements(By.CSS_SELECTOR, "li[data-story]")
        if li.is_displayed()
    ]


def severe_console_messages(driver: webdriver.Chrome) -> list[str]:
    # A blocked inline script (CSP) or a script error shows up here.
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


# --- the demo page ---------------------------------------------------------------------------


def test_filters_narrow_the_story_list(browser: webdriver.Chrome, demo_site: str, shots: Path) -> None:
    emulate(browser, DESKTOP)
    browser.get(demo_site)
    form = browser.find_element(By.ID, "filters")
    WebDriverWait(browser, 5).until(lambda d: form.is_displayed())  # the script ran (CSP allowed it)
    everything = visible_stories(browser)
    assert len(everything) >= 25
    assert browser.find_element(By.ID, "filter-count").text == f"{len(everything)} stories"

    Select(form.find_element(By.NAME, "lang")).select_by_value("pl")
    polish = visible_stories(browser)
    assert polish and {s["lang"] for s in polish} == {"pl"}
    assert len(polish) == sum(1 for s in everything if s["lang"] == "pl")
    assert browser.find_element(By.ID, "filter-count").text == f"{len(polish)} of {len(everything)} stories"
    assert browser.current_url.endswith("#lang=pl")  # the choice can be bookmarked
    # Days without a Polish story are hidden with their stories.
    for day in browser.find_elements(By.CSS_SELECTOR, "[data-day]"):
        shown = [li for li in day.find_elements(By.CSS_SELECTOR, "li[data-story]") if li.is_displayed()]
        assert day.is_displayed() == bool(shown)
    screenshot(browser, DESKTOP, shots / "desktop-filtered-pl.png")

    Select(form.find_element(By.NAME, "partner")).select_by_value("bir-duino")
    assert visible_stories(browser) == []
    assert browser.find_element(By.ID, "filter-none").is_displayed()

    Select(form.find_element(By.NAME, "lang")).select_by_value("")
    bir_duino = visible_stories(browser)
    assert bir_duino and all("bir-duino" in s["partners"].split() for s in bir_duino)

    form.find_element(By.CSS_SELECTOR, "button[type=reset]").click()
    WebDriverWait(browser, 5).until(lambda d: len(visible_stories(d)) == len(everything))
    assert not browser.find_element(By.ID, "filter-none").is_displayed()
    assert severe_console_messages(browser) == []


def test_filter_is_taken_from_the_address(browser: webdriver.Chrome, demo_site: str) -> None:
    browser.get(demo_site + "#partner=kobiety")
    WebDriverWait(browser, 5).until(lambda d: d.find_element(By.ID, "filters").is_displayed())
    stories = visible_stories(browser)
    assert stories and all(s["partners"] == "kobiety" for s in stories)
    assert Select(browser.find_element(By.NAME, "partner")).first_selected_option.get_attribute("value") == "kobiety"
    # A jump link is not a filter: it must leave the chosen filter alone.
    browser.find_element(By.CSS_SELECTOR, "nav.jump a[href='#partners']").click()
    assert visible_stories(browser) == stories


def test_desktop_page_shows_partners_beside_stories(browser: webdriver.Chrome, demo_site: str, shots: Path) -> None:
    emulate(browser, DESKTOP)
    browser.get(demo_site)
    stories = browser.find_element(By.ID, "stories").rect
    partners = browser.find_element(By.ID, "partners").rect
    assert partners["x"] > stories["x"] + stories["width"] - 1  # two columns on a desk
    failing = browser.find_element(By.ID, "partner-closed-archive")
    assert "robots.txt" in failing.text and "Failing" in failing.text
    assert browser.find_element(By.CSS_SELECTOR, "section.attention").is_displayed()
    screenshot(browser, DESKTOP, shots / "desktop.png")


def test_phone_page_fits_the_screen(browser: webdriver.Chrome, demo_site: str, shots: Path) -> None:
    emulate(browser, PHONE)
    try:
        browser.get(demo_site)
        assert browser.execute_script("return window.innerWidth") == PHONE["width"]
        # Nothing wider than the phone: no sideways scrolling.
        assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE["width"]
        stories = browser.find_element(By.ID, "stories").rect
        partners = browser.find_element(By.ID, "partners").rect
        assert partners["y"] > stories["y"]  # one column
        select = browser.find_element(By.NAME, "lang")
        assert select.rect["width"] > PHONE["width"] * 0.7  # filters span the screen, easy to tap
        screenshot(browser, PHONE, shots / "phone.png", max_height=2400)
    finally:
        emulate(browser, DESKTOP)


def test_partner_page(browser: webdriver.Chrome, demo_site: str) -> None:
    emulate(browser, DESKTOP)
    browser.get(demo_site)
    browser.find_element(By.CSS_SELECTOR, "#partner-kobiety h3 a").click()
    WebDriverWait(browser, 5).until(lambda d: d.current_url.endswith("/partners/kobiety/index.html"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "KobieTY"
    assert len(visible_stories(browser)) == 5
    assert "day only" in browser.find_element(By.CSS_SELECTOR, "li[data-story] time").text
    browser.find_element(By.PARTIAL_LINK_TEXT, "all stories and partners").click()
    WebDriverWait(browser, 5).until(lambda d: d.current_url == demo_site + "index.html")


def test_without_javascript_every_story_is_listed(
    demo_site: str, tmp_path_factory: pytest.TempPathFactory, shots: Path
) -> None:
    driver = chromium(tmp_path_factory.mktemp("chromium-nojs"), javascript=False)
    try:
        driver.get(demo_site)
        stories = driver.find_elements(By.CSS_SELECTOR, "li[data-story]")
        assert len(stories) >= 25 and all(li.is_displayed() for li in stories)
        assert not driver.find_element(By.ID, "filters").is_displayed()  # no controls that cannot work
        screenshot(driver, DESKTOP, shots / "desktop-no-javascript.png", max_height=1200)
    finally:
        driver.quit()


# --- a busy, recent site: the activity charts with bars --------------------------------------


def test_activity_charts_and_warnings(
    browser: webdriver.Chrome, tmp_path_factory: pytest.TempPathFactory, shots: Path
) -> None:
    out = tmp_path_factory.mktemp("busy") / "public"
    now = datetime(2026, 5, 20, 9, 0, tzinfo=UTC)
    sources = (
        SourceConfig("bir-duino", "Bir Duino Kyrgyzstan", "https://birduino.example.kg/", languages=("ru", "ky")),
        SourceConfig("novi-ritm", "Novi Ritm", "https://noviritm.example.kg/", languages=("ru",)),
        SourceConfig("kobiety", "KobieTY", "https://kobiety.example.pl/", type="html", languages=("pl",)),
    )
    refs = {s.id: SourceRef(s.id, s.name, s.url) for s in sources}
    stories = [
        Story(
            id=f"urn:uuid:00000000-0000-0000-0000-{n:012d}",
            url=f"{refs[pid].url}news/{n}",
            title=f"<b>Story {n}</b> from {refs[pid].name}",
            summary="…",
            language=lang,
            published=now - timedelta(days=n * 3, hours=n),
            updated=now - timedelta(days=n * 3, hours=n),
            date_is_first_seen=n == 4,
            author=None,
            source=refs[pid],
        )
        for n, (pid, lang) in enumerate(
            [("bir-duino", "ru"), ("bir-duino", "ky"), ("novi-ritm", "ru"), ("bir-duino", "en")] * 3, start=1
        )
    ]
    base = SourceStatus(
        id="",
        name="",
        url="",
        fetch_url=None,
        last_fetch_at=now - timedelta(minutes=10),
        outcome="ok",
        error_message=None,
        http_status=200,
        consecutive_failures=0,
        last_success_at=now - timedelta(minutes=10),
        next_check_at=now + timedelta(minutes=20),
        items_total=40,
        newest_item_at=now - timedelta(days=3),
    )
    statuses = [
        replace(
            base, id="bir-duino", name="Bir Duino Kyrgyzstan", posts_per_month=(2, 3, 1, 0, 4, 6, 2, 5, 3, 4, 7, 2)
        ),
        replace(
            base,
            id="novi-ritm",
            name="Novi Ritm",
            outcome="HTTP 503",
            http_status=503,
            error_message="Service Unavailable",
            consecutive_failures=4,
            posts_per_month=(1, 0, 2, 1, 1, 0, 0, 3, 1, 0, 1, 1),
        ),
        replace(
            base,
            id="kobiety",
            name="KobieTY",
            newest_item_at=now - timedelta(days=75),
            posts_per_month=(2, 1, 0, 3, 1, 2, 1, 1, 0, 0, 0, 0),
        ),
    ]
    site = SiteInfo("Solidarity News", "https://news.example.se/", now, sources, quiet_days=30)
    staff = out.parent / "staff"
    publish(out, staff, site, Visibility(public=tuple(stories), hidden=()), statuses)
    with serving(staff, lambda: HealthInfo(now, now)) as base_url:
        emulate(browser, DESKTOP)
        browser.get(base_url + "/")
        bars = browser.find_elements(By.CSS_SELECTOR, "#partner-bir-duino svg rect")
        assert len(bars) == 12
        heights = [bar.rect["height"] for bar in bars]
        assert heights.index(max(heights)) == 10  # 7 stories, two months ago
        assert "<b>" in browser.find_element(By.CSS_SELECTOR, "li[data-story] a").text  # shown, not obeyed
        assert "Quiet for 75 days" in browser.find_element(By.ID, "partner-kobiety").text
        assert "server error (HTTP 503)" in browser.find_element(By.ID, "partner-novi-ritm").text
        screenshot(browser, DESKTOP, shots / "desktop-busy.png")
        emulate(browser, PHONE)
        try:
            browser.get(base_url + "/#partners")
            assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE["width"]
            screenshot(browser, PHONE, shots / "phone-busy.png", max_height=3200)
        finally:
            emulate(browser, DESKTOP)


# --- the staff area asks for its password ----------------------------------------------------

STAFF_TEXT = "Partner health for staff: 3 sources failing"
STAFF_PAGE = f"<!DOCTYPE html><html lang=en><title>Staff</title><h1>Staff</h1><p id=health>{STAFF_TEXT}</p>\n"


def navigation_status(driver: webdriver.Chrome) -> int:
    return int(driver.execute_script("return performance.getEntriesByType('navigation')[0].responseStatus"))


def send_authorization(driver: webdriver.Chrome, user: str | None, password: str = "") -> None:
    """Every request the browser makes from now on carries these Basic credentials (None: none)."""
    headers = {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()} if user else {}
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": headers})


def test_staff_pages_need_the_staff_password(tmp_path_factory: pytest.TempPathFactory, shots: Path) -> None:
    folder = tmp_path_factory.mktemp("staff-browser")
    write_set(folder / "public", {"index.html": b"<!DOCTYPE html><title>News</title><p>public page"})
    write_set(folder / "public-staff", {"index.html": STAFF_PAGE.encode()})
    staff = StaffSettings(output_dir=folder / "public-staff", password_hash=hash_password("Ala-Too 1991"))
    now = datetime.now(UTC)
    # A browser of its own: credentials given here must not reach the other tests' pages.
    driver = chromium(tmp_path_factory.mktemp("chromium-staff"))
    try:
        with serving(folder / "public", lambda: HealthInfo(now, now), staff=staff) as base_url:
            driver.get(base_url + "/staff/")
            assert navigation_status(driver) == 401  # headless Chromium cancels the login prompt
            assert STAFF_TEXT not in driver.page_source

            send_authorization(driver, "staff", "Ala-Too 1990")
            driver.get(base_url + "/staff/")
            assert navigation_status(driver) == 401 and STAFF_TEXT not in driver.page_source

            send_authorization(driver, "staff", "Ala-Too 1991")
            driver.get(base_url + "/staff")  # redirected to the folder, the header sent again
            assert navigation_status(driver) == 200 and driver.current_url == base_url + "/staff/"
            assert driver.find_element(By.ID, "health").text == STAFF_TEXT
            screenshot(driver, DESKTOP, shots / "staff.png", max_height=900)

            send_authorization(driver, None)  # nothing was kept: the next visit asks again
            driver.get(base_url + "/staff/")
            assert navigation_status(driver) == 401 and STAFF_TEXT not in driver.page_source

            # Credentials in the address work for a top-level visit too.
            host = base_url.removeprefix("http://")
            driver.get(f"http://staff:wrong@{host}/staff/")
            assert navigation_status(driver) == 401 and STAFF_TEXT not in driver.page_source
            driver.get(f"http://staff:Ala-Too%201991@{host}/staff/")
            assert navigation_status(driver) == 200
            assert driver.find_element(By.ID, "health").text == STAFF_TEXT
    finally:
        driver.quit()
