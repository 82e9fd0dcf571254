"""工作台 as each role meets it: every to-do's count is the length of the list it opens; the phone menu
collapses and nothing overflows at 360 px; printable pages print on A4 with all their columns, a title
and page numbers (checked in the PDF's text with pdftotext); no English or internal identifier leaks
into Chinese pages; axe-core finds no critical or serious violation on each role's key pages."""
import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE, a4, assert_chinese, axe_violations, log_in, make_driver, print_pdf, shot

ROLES = ["office", "secretary", "member", "cadre", "inspector"]


def hrefs(browser, css):
    """The links matching `css`, at once (find_elements would wait out the implicit wait when there are none)."""
    return browser.execute_script("return [...document.querySelectorAll(arguments[0])].map(a => a.href)", css)


def list_total(browser):
    """The total a list page states (共 N), or None when it states none."""
    text = browser.execute_script("const e = document.querySelector('#ledger-total, #rounds-total, #rectifications-total, #visits-due-total, #inspections-total, #unsigned-count, #reports-total, #commendation-todo-total'); return e ? e.textContent : null")
    return int(re.search(r"(\d[\d,]*)", text).group(1).replace(",", "")) if text else None


@pytest.mark.parametrize("who", ROLES)
def test_the_workbench_counts_are_the_lists_they_open(browser, who):
    log_in(browser, who)
    assert "工作台" in browser.find_element(By.TAG_NAME, "h1").text
    assert_chinese(browser)
    shot(browser, f"workbench-{who}-1366")
    todos = [(a.get_attribute("id"), int(a.find_element(By.CSS_SELECTOR, ".count").text), a.get_attribute("href"))
             for a in browser.find_elements(By.CSS_SELECTOR, "#todos a")]
    assert todos, "a workbench without to-dos"
    followed = 0
    for todo_id, count, href in todos:
        browser.get(href)
        assert "没有权限" not in browser.page_source and "页面不存在" not in browser.page_source, (todo_id, href)
        total = list_total(browser)
        if total is not None:
            assert total == count, (todo_id, count, total, href)
            followed += 1
        assert_chinese(browser)
    # The office reviews and watches the whole city: its counted lists were followed.
    if who in ("office", "secretary", "inspector"):
        assert followed >= 2, todos


@pytest.mark.parametrize("who", ROLES)
def test_a_phone_gets_a_collapsed_menu_and_nothing_overflows(who):
    phone = make_driver(390, 844, mobile=True)
    try:
        log_in(phone, who)
        shot(phone, f"workbench-{who}-390")
        header = phone.find_element(By.CSS_SELECTOR, "header.top")
        height = phone.execute_script("return window.innerHeight")
        assert header.size["height"] <= 0.12 * height, header.size
        nav = phone.find_element(By.CSS_SELECTOR, "header.top nav")
        assert not nav.is_displayed()
        phone.find_element(By.CSS_SELECTOR, ".menu-toggle").click()
        assert nav.is_displayed() and phone.find_element(By.CSS_SELECTOR, ".menu-toggle").get_attribute("aria-expanded") == "true"
        pages = ["/"] + hrefs(phone, "#todos a")[:3] + hrefs(phone, ".scope h2 a, .scope .links a")[:3]
        phone.set_window_size(360, 780)
        for page in pages:
            phone.get(page if page.startswith("http") else BASE + page)
            overflow = phone.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, (page, overflow)
    finally:
        phone.quit()


def test_the_report_and_the_statistics_print_on_landscape_a4_with_every_column(browser):
    log_in(browser, "office")
    browser.get(BASE + "/organizations/1/report")
    header = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#report thead th")]
    title = browser.find_element(By.TAG_NAME, "h1").text
    text, info = print_pdf(browser, browser.current_url)
    a4(info, landscape=True)
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", title) in flat and "编制日期" in flat and "第1页，共" in flat
    for column in header:  # every column, the right-hand ones too
        assert re.sub(r"\s+", "", column) in flat, (column, text[:2000])

    browser.get(BASE + "/organizations/1/dashboard")
    header = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#children thead th")]
    text, info = print_pdf(browser, browser.current_url)
    a4(info, landscape=True)
    flat = re.sub(r"\s+", "", text)
    assert "中共六安市委员会" in flat and "年统计" in flat and "截至" in flat and "第1页" in flat
    for column in header:
        assert re.sub(r"\s+", "", column) in flat, column


def test_the_commitment_letters_print_one_per_page_with_heading_and_seal(browser):
    log_in(browser, "secretary")
    branch = hrefs(browser, ".scope h2 a")[0].rstrip("/").rsplit("/", 1)[-1]
    browser.get(f"{BASE}/organizations/{branch}/letters")
    letters = browser.find_elements(By.CSS_SELECTOR, "article.letter")
    assert letters
    # The items are numbered and dates do not wrap.
    assert [td.text for td in letters[0].find_elements(By.CSS_SELECTOR, "tbody td:first-child")][:2] in (["1", "2"], ["1"])
    org = browser.find_element(By.CSS_SELECTOR, ".letter-org").text
    text, info = print_pdf(browser, browser.current_url)
    pages = a4(info, landscape=False)
    assert pages >= len(letters)
    flat = re.sub(r"\s+", "", text)
    assert org in flat and "年度公开承诺书" in flat and "党组织审核意见" in flat and "盖章" in flat and "承诺人（签字）" in flat
    assert re.search(r"\d{4}-\d{2}-\d{2}", text)


def test_the_poster_prints_portrait_with_its_title_and_short_link_first(browser):
    log_in(browser, "secretary")
    branch = hrefs(browser, ".scope h2 a")[0].rstrip("/").rsplit("/", 1)[-1]
    browser.get(f"{BASE}/organizations/{branch}")
    name = browser.find_element(By.TAG_NAME, "h1").text
    text, info = print_pdf(browser, f"{BASE}/board/{branch}/poster")
    pages = a4(info, landscape=False)
    first = re.sub(r"\s+", "", text.split("第2页")[0])
    assert re.sub(r"\s+", "", name) in first and "公开承诺栏" in first and f"/b/{branch}" in first
    assert f"第1页，共{pages}页" in first


@pytest.mark.parametrize("who", ROLES)
def test_key_pages_are_chinese_and_pass_axe(browser, who):
    log_in(browser, who)
    pages = ["/"] + hrefs(browser, "#todos a")[:2] + hrefs(browser, ".scope h2 a, .scope .links a")[:4]
    if who == "member":
        pages += ["/commitments"]
    if who == "office":  # the office's own pages: accounts and the audit log (actions named in Chinese)
        pages += hrefs(browser, "#nav-accounts, #nav-audit")
    seen = set()
    for page in pages:
        url = page if page.startswith("http") else BASE + page
        if url in seen:
            continue
        seen.add(url)
        browser.get(url)
        assert_chinese(browser)
        bad = axe_violations(browser)
        assert not bad, (url, bad)
