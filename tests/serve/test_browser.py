"""The Linked Data pages in a real headless browser: Debian's Chromium driven by Selenium.

A Uvicorn server on a free loopback port serves the pages of the bundled build (an app
made of kgbuild.serve.pages' routes only, so this test does not depend on the rest of
``kgbuild serve``). Chromium comes from Debian (``apt-get install chromium
chromium-driver``; .ci/run installs them when apt-get is there) and is started with the
flags that keep it off the network; Selenium is given the driver's path, so it downloads
nothing. Skipped, saying why, when Chromium, its driver or Selenium is missing.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from starlette.applications import Starlette

from kgbuild.iri import DEFAULT_BASE as BASE
from kgbuild.serve.pages import index_route, routes

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
REC = "review/KAZ/4/recommendation/140.14"
ROME = "instrument/rome-statute"

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs Debian's Chromium and its driver (/usr/bin/chromium, /usr/bin/chromedriver): apt-get install chromium chromium-driver",
)
webdriver = pytest.importorskip("selenium.webdriver", reason="needs Selenium (pip install -e '.[test]')")
uvicorn = pytest.importorskip("uvicorn")

from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def server(bundled_build):
    """The pages of the bundled build, served by Uvicorn on 127.0.0.1 at a free port."""
    store = ox.Store()
    store.load(path=str(bundled_build.out / "dataset.trig"), format=ox.RdfFormat.TRIG)
    app = Starlette(routes=[*routes(store, BASE), index_route(store, BASE)])
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1200,1600",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    previous = os.environ.get("SE_OFFLINE")
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not look for a driver online
    try:
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    finally:
        if previous is None:
            os.environ.pop("SE_OFFLINE", None)
        else:
            os.environ["SE_OFFLINE"] = previous
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def severe_console_messages(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def loaded_resources(driver) -> list[str]:
    return driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")


def test_recommendation_page_renders_with_visible_evidence(server, browser):
    browser.get(f"{server}/id/{REC}")  # 303 See Other to the document about it
    assert browser.current_url == f"{server}/doc/{REC}"
    assert browser.title == "Recommendation 140.14"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Recommendation 140.14"
    badge = browser.find_element(By.CSS_SELECTOR, ".badge.pos-noted")
    assert badge.is_displayed() and badge.text == "Noted"
    marks = browser.find_elements(By.TAG_NAME, "mark")
    rome = [m for m in marks if m.text == "Rome Statute"]
    article = [m for m in marks if m.text == "article 27 (1)"]
    assert rome and article
    for mark in (rome[0], article[0]):
        assert mark.is_displayed()
        assert mark.size["width"] > 0 and mark.size["height"] > 0
        assert mark.value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)", "transparent")
    # The paragraph around the mark reads as in the source (paragraph 16).
    assert "Similarly, article 27 (1) provides that the Rome Statute is to apply equally" in article[0].find_element(By.XPATH, "..").text
    assert browser.find_elements(By.TAG_NAME, "script") == []  # nothing needs JavaScript
    assert all(url.startswith(server) for url in loaded_resources(browser))  # nothing from elsewhere
    assert severe_console_messages(browser) == []


def test_following_a_link_to_the_instrument_page(server, browser):
    browser.get(f"{server}/doc/{REC}")
    browser.find_element(By.CSS_SELECTOR, f'a[href="/id/{ROME}"]').click()
    WebDriverWait(browser, 15).until(lambda d: d.current_url == f"{server}/doc/{ROME}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Rome Statute of the International Criminal Court"
    provisions = browser.find_element(By.CSS_SELECTOR, "ul.provisions").text
    assert "article 1" in provisions and "article 27 (1)" in provisions
    citing = browser.find_element(By.XPATH, "//h2[starts-with(., 'Responses citing it')]/following-sibling::section")
    assert "Recommendation 140.14" in citing.text and "Recommendation 140.15" in citing.text
    assert any(m.text == "Rome Statute" and m.is_displayed() for m in citing.find_elements(By.TAG_NAME, "mark"))
    # And back to a recommendation from there.
    citing.find_element(By.LINK_TEXT, "Recommendation 140.15").click()
    WebDriverWait(browser, 15).until(lambda d: d.current_url == f"{server}/doc/review/KAZ/4/recommendation/140.15")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Recommendation 140.15"
    assert severe_console_messages(browser) == []


def test_index_page_links_to_the_review(server, browser):
    browser.get(f"{server}/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "UPR knowledge graph"
    browser.find_element(By.LINK_TEXT, "Review of Kazakhstan, cycle 4").click()
    WebDriverWait(browser, 15).until(lambda d: d.current_url == f"{server}/doc/review/KAZ/4")
    assert "Recommendation 140.14" in browser.page_source
    assert severe_console_messages(browser) == []
