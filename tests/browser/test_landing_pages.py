"""`/` and `/_sandbox/` as a browser shows them, and their links."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as when
from selenium.webdriver.support.ui import WebDriverWait

from sandbox.testing import SandboxClient

PLATFORM_ROWS = [
    ["Weni Flows / RapidPro", "/rapidpro", "API docs", "openapi.json"],
    ["XeroChat", "/xerochat", "API docs", "openapi.json"],
    ["Flochat", "/flochat", "API docs", "openapi.json"],
    ["Flow XO", "/flowxo", "API docs", "openapi.json"],
    ["FlowBot AI", "/flowbot", "API docs", "openapi.json"],
]


def table(browser: WebDriver, table_id: str) -> list[list[str]]:
    rows = browser.find_elements(By.CSS_SELECTOR, f"#{table_id} tr")
    return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")] for row in rows[1:]]


def test_the_landing_page_links_every_platforms_docs(
    browser: WebDriver,
    wait: WebDriverWait,
    sandbox: SandboxClient,
    screenshot: Callable[[str], Path],
) -> None:
    browser.get(f"{sandbox.url}/")

    assert browser.title == "flow-sandbox 0.1.0"
    assert table(browser, "platforms") == PLATFORM_ROWS
    assert browser.find_element(By.ID, "inspector").text == (
        "Inspector: /_sandbox/ui/ (not in this version yet)."
    )
    screenshot("landing")
    browser.find_element(By.LINK_TEXT, "/_sandbox/").click()
    wait.until(when.title_is("flow-sandbox control API"))
    assert browser.current_url == f"{sandbox.url}/_sandbox/"
    first = table(browser, "operations")[0]
    assert first == [
        "GET",
        "/_sandbox/health",
        "Report that the sandbox is up, what it serves, and what its storage recovered.",
    ]
    assert table(browser, "platforms") == PLATFORM_ROWS
    screenshot("control")
    # From the control index to a platform's docs, and from there back to the landing.
    browser.find_elements(By.LINK_TEXT, "API docs")[2].click()
    wait.until(when.presence_of_element_located((By.CSS_SELECTOR, "body[data-docs-ready]")))
    assert browser.current_url == f"{sandbox.url}/flochat/docs"
    assert browser.title == "Flochat API (flow-sandbox)"
    browser.find_element(By.LINK_TEXT, "All platforms").click()
    wait.until(when.title_is("flow-sandbox 0.1.0"))
    assert browser.current_url == f"{sandbox.url}/"
