"""统计 as the campaign office uses it: the city's dashboard with its cards, charts and children, a
click down to a county, sorting by fulfilment, and the report downloaded as a spreadsheet."""
import urllib.request

from selenium.webdriver.common.by import By

from conftest import BASE, log_in, shot


def test_the_city_dashboard_down_to_a_county_and_the_report(browser):
    log_in(browser, "office")
    browser.get(BASE + "/organizations/1")
    browser.find_element(By.ID, "dashboard-link").click()
    cards = browser.find_element(By.ID, "cards").text
    assert "党员承诺事项" in cards and "万" in cards and "%" in cards
    assert browser.find_elements(By.CSS_SELECTOR, "#month-chart svg rect.bar")
    rows = browser.find_elements(By.CSS_SELECTOR, "#children tbody tr")
    assert len(rows) >= 7
    bars = browser.find_elements(By.CSS_SELECTOR, "#bar-chart svg rect.bar")
    assert len(bars) == len(rows)
    shot(browser, "dashboard-city")

    # Sorted by member fulfilment, highest first.
    browser.find_element(By.CSS_SELECTOR, ".sorts a[href$='sort=memberRate']").click()
    rates = [float(r.find_elements(By.TAG_NAME, "td")[5].text.rstrip("%")) for r in browser.find_elements(By.CSS_SELECTOR, "#children tbody tr")
             if r.find_elements(By.TAG_NAME, "td")[5].text.endswith("%")]
    assert rates == sorted(rates, reverse=True) and rates

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
