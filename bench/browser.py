"""Headless Debian chromium, driven by Playwright, with every network request blocked and recorded.

Used by the browser tests and the page benchmark. Playwright only drives the browser: the browser
is the system's /usr/bin/chromium (apt-get install chromium), never one Playwright downloads.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

# The flags the machine's own probe uses for headless chromium as root; the background-networking
# ones stop chromium from phoning home, which the closed network here would refuse anyway.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Belt and braces: no host name resolves, whatever the page asks for (an IP address still
    # reaches a local server under test, which the route filter below lets through).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def chromium_path() -> str | None:
    return os.environ.get("PACTGRAPH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class PageLog:
    requests: list[str] = field(default_factory=list)  # every non-file request the page attempted
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions


@contextmanager
def offline_page(viewport=(1400, 850), allow: str | None = None) -> Iterator[tuple[object, PageLog]]:
    """A Playwright page in headless chromium whose network requests all fail and are recorded,
    except those to the `allow` origin (a local server under test), which go through."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    log = PageLog()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            page.on("console", lambda message: log.errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: log.errors.append(str(error)))

            def block(route) -> None:
                url = route.request.url
                if (url.startswith("file:") and route.request.resource_type == "document") or (
                    allow and url.startswith(allow + "/")
                ):
                    route.continue_()  # the page itself
                else:
                    log.requests.append(url)
                    route.abort()

            page.route("**/*", block)
            yield page, log
        finally:
            browser.close()
