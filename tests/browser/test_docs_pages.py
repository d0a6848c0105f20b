"""Every platform's `/docs` in Chromium: its operations with their fidelity, the demo
credentials authorized, and "Try it out" answered by the sandbox."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as when
from selenium.webdriver.support.ui import WebDriverWait

from sandbox.platforms import PLATFORMS
from sandbox.platforms.rapidpro.auth import DEMO_CREDENTIALS as RAPIDPRO_DEMO
from sandbox.testing import SandboxClient
from tests.browser.conftest import WAIT

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
#: How many times at most a page is scrolled through to see every operation.
SCROLLS = 3
#: The scheme each page is authorized with.
AUTHORIZED = {
    "rapidpro": "Token",
    "xerochat": "ApiKeyQuery",
    "flochat": "API KEY",
    "flowxo": "BearerAuth",
    "flowbot": "BearerJWT",
}
#: Every operation block of the page: (method, path, the fidelity badge's text and title).
#: Swagger UI draws a long list's blocks only as they come near the window, so the page is
#: scrolled through, half a window at a time, keeping each block seen by its id (unique:
#: operations-<tag>-<operationId>).
LIST_OPERATIONS = """
var done = arguments[arguments.length - 1];
var seen = {};
function step() {
  document.querySelectorAll(".opblock").forEach(function (block) {
    var badge = block.querySelector(".fidelity");
    seen[block.id] = [
      block.querySelector(".opblock-summary-method").textContent,
      block.querySelector(".opblock-summary-path").getAttribute("data-path"),
      badge ? badge.textContent : null,
      badge ? badge.getAttribute("title") : null
    ];
  });
  if (window.innerHeight + window.scrollY >= document.body.scrollHeight - 1) {
    window.scrollTo(0, 0);
    done(seen);
    return;
  }
  window.scrollBy(0, window.innerHeight / 2);
  requestAnimationFrame(function () {
    requestAnimationFrame(function () { setTimeout(step, 20); });
  });
}
step();
"""


def open_docs(browser: WebDriver, wait: WebDriverWait, url: str) -> None:
    browser.get(url)
    wait.until(when.presence_of_element_located((By.CSS_SELECTOR, "body[data-docs-ready]")))
    wait.until(when.presence_of_element_located((By.CSS_SELECTOR, ".opblock")))


def spec_operations(spec: dict[str, Any]) -> Counter[tuple[str, str, str, str]]:
    """What the page should list: each operation once per tag, as Swagger UI groups them."""
    listed: Counter[tuple[str, str, str, str]] = Counter()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            listed[
                (
                    method.upper(),
                    path,
                    operation["x-fidelity"],
                    f"x-fidelity-source: {operation['x-fidelity-source']}",
                )
            ] += len(operation.get("tags") or ["default"])
    return listed


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_each_platform_lists_its_operations_with_their_fidelity_and_is_authorized(
    browser: WebDriver,
    wait: WebDriverWait,
    sandbox: SandboxClient,
    screenshot: Callable[[str], Path],
    platform: str,
) -> None:
    open_docs(browser, wait, f"{sandbox.url}/{platform}/docs")
    spec = requests.get(f"{sandbox.url}/{platform}/openapi.json", timeout=10).json()

    expected = spec_operations(spec)
    browser.set_script_timeout(WAIT)
    seen: dict[str, list[str]] = {}
    # A block the browser had not drawn yet when the page scrolled past it is seen next time.
    for _ in range(SCROLLS):
        seen.update(browser.execute_async_script(LIST_OPERATIONS))
        if len(seen) >= expected.total():
            break
    assert Counter(tuple(row) for row in seen.values()) == expected
    authorized = browser.execute_script("return window.ui.authSelectors.authorized().toJS();")
    assert list(authorized) == [AUTHORIZED[platform]]
    assert authorized[AUTHORIZED[platform]]["value"]
    # The padlock of the Authorize button is closed.
    button = browser.find_element(By.CSS_SELECTOR, ".auth-wrapper .authorize")
    assert "locked" in button.get_attribute("class").split()
    # "Try it out" goes to the sandbox: its URL is the first server offered.
    assert browser.find_element(By.CSS_SELECTOR, ".servers select").get_attribute("value") == (
        f"{sandbox.url}/{platform}"
    )
    screenshot("docs")


def test_try_it_out_lists_rapidpro_contacts_from_the_sandbox(
    browser: WebDriver,
    wait: WebDriverWait,
    sandbox: SandboxClient,
    screenshot: Callable[[str], Path],
) -> None:
    created = requests.post(
        f"{sandbox.url}/rapidpro/api/v2/contacts.json",
        json={"name": "Ada Lovelace", "urns": ["tel:+250788000001"]},
        headers={"Authorization": f"Token {RAPIDPRO_DEMO['token']}"},
        timeout=10,
    )
    assert created.status_code == 201, created.text
    open_docs(browser, wait, f"{sandbox.url}/rapidpro/docs")

    block = browser.find_element(By.ID, "operations-rapidpro-list_contacts")
    block.find_element(By.CSS_SELECTOR, ".opblock-summary-control").click()
    execute = wait.until(lambda _: block.find_element(By.CSS_SELECTOR, ".btn.execute"))
    # Swagger UI fills parameters with the spec's examples (a `urn`): list them all instead,
    # erasing them as a person does (React does not hear of WebDriver's clear()).
    for field in block.find_elements(By.CSS_SELECTOR, ".parameters input[type=text]"):
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(Keys.BACKSPACE)
    execute.click()
    status = wait.until(
        lambda _: block.find_element(
            By.CSS_SELECTOR, ".live-responses-table .response .response-col_status"
        )
    )
    assert status.text.strip() == "200"
    body = block.find_element(By.CSS_SELECTOR, ".live-responses-table .microlight").text
    assert '"name": "Ada Lovelace"' in body
    assert '"urns": [\n        "tel:+250788000001"' in body
    # The curl line Swagger UI shows carries the prefilled token to the sandbox's URL.
    curl = block.find_element(By.CSS_SELECTOR, ".curl-command").text
    assert f"'{sandbox.url}/rapidpro/api/v2/contacts.json'" in curl
    assert f"Authorization: Token {RAPIDPRO_DEMO['token']}" in curl
    # The picture: Execute, the curl line and the sandbox's answer.
    buttons = block.find_element(By.CSS_SELECTOR, ".execute-wrapper, .btn-group")
    browser.execute_script("arguments[0].scrollIntoView();", buttons)
    screenshot("contacts")
