"""进展情况报告 in a real browser: the village secretary finds the half-year's report among her to-dos on her
phone, sees the figures filled in from the statistics, writes the three parts and submits it; the city's
office returns it with a reason, she mends and resubmits it, and the office accepts it; the city's desk
counts the reports due, received and accepted across the city, and the dashboard shows them."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE, assert_chinese, gone, log_in, make_driver, shot


def wait_for_page(driver, click):
    old = driver.find_element(By.TAG_NAME, "h1")
    click()
    WebDriverWait(driver, 20).until(gone(old))


def fill(driver, name, text):
    field = driver.find_element(By.CSS_SELECTOR, f"#write-form textarea[name={name}]")
    field.clear()
    field.send_keys(text)


def test_the_branch_reports_on_her_phone_and_the_office_returns_then_accepts(browser):
    phone = make_driver(390, 844, mobile=True)
    try:
        log_in(phone, "secretary")
        todo = phone.find_element(By.ID, "todo-reports-to-write")
        count = int(todo.find_element(By.CSS_SELECTOR, ".count").text)
        assert count >= 1
        wait_for_page(phone, todo.click)
        assert int(phone.find_element(By.ID, "reports-total").text) == count == len(phone.find_elements(By.CSS_SELECTOR, "#list tr.report"))
        wait_for_page(phone, lambda: phone.find_element(By.CSS_SELECTOR, "#list tr.report a").click())
        report_url = phone.current_url
        assert re.search(r"/work-reports/\d+$", report_url), report_url
        assert "党员" in phone.find_element(By.ID, "figures").text
        assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
        assert_chinese(phone)
        # Submitting with a part missing is refused beside the field, and what she wrote stays.
        fill(phone, "done", "组织全体党员亮诺践诺，为群众办实事12件。")
        fill(phone, "problems", "")
        fill(phone, "plans", "年底前完成剩余承诺事项。")
        phone.find_element(By.ID, "submit-report").click()
        WebDriverWait(phone, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#write-form .field-error"))
        assert "存在的问题" in phone.find_element(By.CSS_SELECTOR, "#write-form .field-error").text
        assert "办实事12件" in phone.find_element(By.CSS_SELECTOR, "#write-form textarea[name=done]").get_attribute("value")
        fill(phone, "problems", "个别承诺不够具体。")
        wait_for_page(phone, lambda: phone.find_element(By.ID, "submit-report").click())
        assert phone.find_element(By.ID, "report-state").text == "待审阅"
        assert not phone.find_elements(By.ID, "write-form")
        shot(phone, "work-report-submitted-phone")

        log_in(browser, "office")
        browser.get(report_url)
        assert "办实事12件" in browser.find_element(By.ID, "work-report").text
        browser.find_element(By.CSS_SELECTOR, "#review-form textarea[name=reason]").send_keys("请补充群众评价情况")
        wait_for_page(browser, lambda: browser.find_element(By.ID, "return-report").click())
        assert browser.find_element(By.ID, "report-state").text == "退回修改"

        phone.get(report_url)
        assert "请补充群众评价情况" in phone.find_element(By.ID, "return-reason").text
        fill(phone, "done", "组织全体党员亮诺践诺，为群众办实事12件，群众满意率98%。")
        wait_for_page(phone, lambda: phone.find_element(By.ID, "submit-report").click())
        assert phone.find_element(By.ID, "report-state").text == "待审阅"
    finally:
        phone.quit()

    browser.get(report_url)
    wait_for_page(browser, lambda: browser.find_element(By.ID, "accept-report").click())
    assert browser.find_element(By.ID, "report-state").text == "已通过"
    assert_chinese(browser)
    shot(browser, "work-report-accepted")

    # The city's desk: every organization below is due; most of last half-year's are in.
    browser.get(f"{BASE}/organizations/1/work-reports")
    due = int(browser.find_element(By.ID, "due-count").text)
    received = int(browser.find_element(By.ID, "received-count").text)
    assert due > 100 and 0 < received < due
    assert browser.find_elements(By.CSS_SELECTOR, "#review-rows tr.below")
    assert_chinese(browser)
    shot(browser, "work-reports-desk")
    browser.get(f"{BASE}/organizations/1/dashboard")
    assert "报告报送" in browser.find_element(By.ID, "card-reports").text


def test_table_twelve_counts_last_years_commendations(browser):
    """第十二表 from the commendations page: last year's collectives and individuals, by level, and as Excel."""
    import datetime
    today = datetime.date.today()
    year = today.year - 1 if today.month >= 7 else today.year - 2
    log_in(browser, "office")
    browser.get(f"{BASE}/organizations/1/commendations")
    wait_for_page(browser, lambda: browser.find_element(By.ID, "commendation-table-link").click())
    browser.get(re.sub(r"year=\d+", f"year={year}", browser.current_url))
    header = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#commendation-table thead th")]
    total = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#commendation-table tbody tr:first-child td")]
    assert total[0] == "合计", total
    members = int(total[header.index("优秀共产党员（名）")].replace(",", ""))
    organizations = int(total[header.index("先进基层党组织（个）")].replace(",", ""))
    assert members > 100 and organizations > 50, (header, total)
    assert browser.find_element(By.ID, "table-xlsx").get_attribute("href").endswith("format=xlsx")
    assert_chinese(browser)
    shot(browser, "commendation-table-12")
