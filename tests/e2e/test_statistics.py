"""统计 as the campaign office uses it: the city's dashboard with its cards, charts and children, a
click down to a county, sorting by fulfilment, the report page and the report downloaded as a
spreadsheet. Runs against the demo city and, in CI, again against the small city
(VANGUARD_E2E_SCALE=small: two counties, ≈1,400 organizations and ≈4,700 members)."""
import os
import re
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE, log_in, shot


def navigate(browser, click):
    """Clicks and waits until the next page replaced this one (a submit's click returns before it loads)."""
    old = browser.find_element(By.TAG_NAME, "h1")
    click()
    WebDriverWait(browser, 15).until(expected_conditions.staleness_of(old))


def test_the_city_dashboard_down_to_a_county_and_the_report(browser):
    log_in(browser, "office")
    browser.get(BASE + "/organizations/1")
    browser.find_element(By.ID, "dashboard-link").click()
    small = os.environ.get("VANGUARD_E2E_SCALE") == "small"
    cards = browser.find_element(By.ID, "cards").text
    assert "党员承诺事项" in cards and "%" in cards and "应承诺" in cards
    # Points and stars: the demo's members earned points for commitments fulfilled on time; some reached a star.
    points = browser.find_element(By.ID, "card-points").text
    assert "党员积分" in points and re.search(r"1★ [1-9]", points), points
    # Numbers read the Chinese way: 万 at the city's scale, plain digits below ten thousand.
    org_items = browser.find_element(By.CSS_SELECTOR, "#card-org .value").text
    assert (re.fullmatch(r"\d{1,4}", org_items) if small else "万" in cards), cards
    assert browser.find_elements(By.CSS_SELECTOR, "#month-chart svg rect.bar")
    rows = browser.find_elements(By.CSS_SELECTOR, "#children tbody tr")
    assert len(rows) >= (2 if small else 7)
    bars = browser.find_elements(By.CSS_SELECTOR, "#bar-chart svg rect.bar")
    assert len(bars) == len(rows)
    shot(browser, "dashboard-city" + ("-small" if small else ""))

    # Sorted by member fulfilment, highest first.
    browser.find_element(By.CSS_SELECTOR, ".sorts a[href$='sort=memberRate']").click()
    rates = [float(r.find_elements(By.TAG_NAME, "td")[5].text.rstrip("%")) for r in browser.find_elements(By.CSS_SELECTOR, "#children tbody tr")
             if r.find_elements(By.TAG_NAME, "td")[5].text.endswith("%")]
    assert rates == sorted(rates, reverse=True) and rates

    shot(browser, "dashboard-city-sorted" + ("-small" if small else ""))
    county = browser.find_element(By.CSS_SELECTOR, "#children tbody tr a")
    name = county.text
    county.click()
    assert name in browser.find_element(By.CSS_SELECTOR, "nav.crumbs").text
    assert browser.find_elements(By.CSS_SELECTOR, "#children tbody tr")

    # The report, as the browser downloads it (with the session cookie).
    href = browser.find_element(By.ID, "report-xlsx").get_attribute("href")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(href, headers={"Cookie": cookie})) as r:
        data = r.read()
        assert r.headers["Content-Type"].startswith("application/vnd.openxmlformats") and data[:2] == b"PK"

    # The report page: one row per child and the total, which is their sum.
    navigate(browser, browser.find_element(By.ID, "report-link").click)
    assert "创先争优统计" in browser.find_element(By.TAG_NAME, "h1").text
    header = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#report thead th")]
    column = header.index("党员承诺事项")
    table = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in browser.find_elements(By.CSS_SELECTOR, "#report tbody tr")]
    assert len(table) >= 2 and table[-1][0].startswith("合计") and name in table[-1][0]
    # exact figures with thousands separators (11,785), never 1.2万
    number = lambda text: int(text.replace(",", ""))
    assert int(number(table[-1][column])) == sum(number(r[column]) for r in table[:-1]) > 0
    shot(browser, "report-county" + ("-small" if small else ""))

    # Another year has nothing yet: every count is zero.
    year = browser.find_element(By.NAME, "year")
    last_year = int(year.get_attribute("value")) - 1
    year.clear()
    year.send_keys(str(last_year))
    navigate(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button").click)
    assert str(last_year) in browser.find_element(By.TAG_NAME, "h1").text
    total = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#report tbody tr:last-child td")]
    assert total[column] == "0"
