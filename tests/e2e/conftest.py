"""Browser tests against a running `vanguard demo` (started by .ci/run, or by you).

VANGUARD_E2E_URL      the server, e.g. http://127.0.0.1:18080
VANGUARD_E2E_PASSWORD the demo password given with --admin-password
"""
import base64
import importlib.util
import json
import os
import pathlib
import re
import subprocess
import tempfile
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ.get("VANGUARD_E2E_URL", "http://127.0.0.1:18080").rstrip("/")
PASSWORD = os.environ.get("VANGUARD_E2E_PASSWORD", "Demo-key-2026")
SHOTS = pathlib.Path(__file__).parent / "screenshots"


def make_driver(width=1280, height=900, mobile=False):
    options = webdriver.ChromeOptions()
    if mobile:
        # Headless windows are at least 500px wide; emulation gives a real 375px phone viewport.
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}})
    options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/lib/chromium/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}", "--lang=zh-CN"):
        options.add_argument(arg)
    # A clerk's browser in China asks for Chinese; headless Chromium would otherwise ask for en-US.
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.implicitly_wait(5)
    return driver


@pytest.fixture
def browser():
    driver = make_driver()
    yield driver
    driver.quit()


@pytest.fixture
def phone():
    driver = make_driver(375, 812, mobile=True)
    yield driver
    driver.quit()


def gone(element):
    """A wait condition: the element left the document. Chromium sometimes answers a question about a node
    of the page just replaced with an inspector error instead of a stale reference; both mean it is gone."""
    def check(_):
        try:
            element.is_enabled()
            return False
        except WebDriverException:  # StaleElementReferenceException is one
            return True
    return check


def shot(driver, name):
    SHOTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def log_in(driver, username="admin", password=None):
    driver.get(BASE + "/login")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password or PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit].primary").click()
    # The login answers with a redirect to the home page: wait for the navigation to finish.
    try:
        WebDriverWait(driver, 15).until(lambda d: d.current_url.rstrip("/") == BASE and d.find_elements(By.CSS_SELECTOR, "ul.roles"))
    except TimeoutException:
        raise AssertionError(driver.current_url + "\n" + driver.page_source[:800])


def api(path, token=None, method="GET", body=None, content_type="application/json"):
    """Calls the JSON API; returns (status, parsed body)."""
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    req = urllib.request.Request(BASE + "/api/v1" + path, data=data, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


@pytest.fixture(scope="session")
def token():
    status, body = api("/auth/token", method="POST", body={"username": "admin", "password": PASSWORD})
    assert status == 200, body
    return body["token"]


# Latin words a Chinese page may show: the language switch, the product's name, file formats.
LATIN_ALLOWED = {"English", "Vanguard", "Excel", "CSV", "XLSX", "PDF", "JPEG", "PNG", "QR", "http", "https"}


def assert_chinese(driver):
    """No English word or internal identifier on a Chinese page (text outside elements marked lang="en")."""
    text = driver.execute_script(
        """
        const out = [];
        const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walk.nextNode()) {
          const el = walk.currentNode.parentElement;
          if (!el || el.closest('script,style,svg,[lang^="en"],[translate="no"]')) continue;
          if (el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
          out.push(walk.currentNode.textContent);
        }
        return out.join(' ');
        """)
    text = re.sub(r"https?://\S+", " ", text)
    words = {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in LATIN_ALLOWED}
    assert not words, f"{driver.current_url}: English on a Chinese page: {sorted(words)[:20]}"


def axe_script():
    """axe-core 4.x as bundled by PyPI's axe-playwright-python (installed without its dependencies:
    only the script is used; nothing is fetched at test time)."""
    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec and spec.origin, "pip install --no-deps axe-playwright-python"
    return (pathlib.Path(spec.origin).parent / "axe.min.js").read_text()


def axe_violations(driver):
    """The critical and serious violations axe-core finds on the page (WCAG 2.1 A and AA)."""
    driver.execute_script(axe_script())
    version = driver.execute_script("return axe.version")
    assert version.startswith("4."), version
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(done);")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"] if v["impact"] in ("critical", "serious")]


def print_pdf(browser, url):
    """Prints the page (at `url`, or the one shown when None) as Chromium would, with the page's own @page
    rules, and returns (pdftotext's text, pdfinfo)."""
    if url:
        browser.get(url)
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})["data"])
    with tempfile.TemporaryDirectory() as d:
        path = pathlib.Path(d) / "page.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    (pathlib.Path(__file__).parent / "screenshots").mkdir(exist_ok=True)
    here = url or browser.current_url
    (pathlib.Path(__file__).parent / "screenshots" / (re.sub(r"\W+", "_", here.split("//", 1)[-1].split("/", 1)[-1]) + ".pdf")).write_bytes(pdf)
    return text, info


def a4(info, landscape):
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    w, h = float(size.group(1)), float(size.group(2))
    assert (round(w), round(h)) == ((842, 595) if landscape else (595, 842)), info
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))
