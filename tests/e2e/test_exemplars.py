"""典型宣传 in a real browser: a citizen opens the public campaign page without logging in and reads a
story with its photo; the office publishes a draft from its desk and it appears there."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE, assert_chinese, gone, log_in, make_driver, shot


def test_a_citizen_reads_the_stories_and_the_office_publishes_one(browser):
    phone = make_driver(390, 844, mobile=True)
    try:
        phone.get(BASE + "/public/exemplars")
        assert "/login" not in phone.current_url
        cards = phone.find_elements(By.CSS_SELECTOR, "#exemplars .exemplar-card")
        assert len(cards) >= 10
        assert phone.find_element(By.CSS_SELECTOR, "#fig-members strong").text not in ("", "0")
        assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
        img = cards[0].find_element(By.TAG_NAME, "img")
        assert phone.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img) > 0
        assert_chinese(phone)
        shot(phone, "exemplars-public-390")
        before = len(cards)
        title = cards[0].find_element(By.CSS_SELECTOR, "h2 a").text
        old = phone.find_element(By.TAG_NAME, "h1")
        cards[0].find_element(By.CSS_SELECTOR, "h2 a").click()
        WebDriverWait(phone, 15).until(gone(old))
        assert phone.find_element(By.TAG_NAME, "h1").text == title
        assert phone.find_elements(By.CSS_SELECTOR, "#exemplar figure img")
    finally:
        phone.quit()

    log_in(browser, "office")
    browser.get(BASE + "/organizations/1/exemplars")
    assert_chinese(browser)
    button = browser.find_element(By.CSS_SELECTOR, ".publish-form button")
    button.click()
    WebDriverWait(browser, 15).until(gone(button))
    browser.get(BASE + "/public/exemplars")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#exemplars .exemplar-card")) == before + 1


def test_the_office_is_offered_candidates_and_one_fills_the_form(browser):
    """典型候选: last year's commended not yet written up (and named demonstration points, organizations the
    masses rate highly) are offered on the desk; a candidate's link opens the form filled in for it."""
    log_in(browser, "office")
    browser.get(BASE + "/organizations/1/exemplars")
    rows = browser.find_elements(By.CSS_SELECTOR, "#candidates tr.candidate")
    assert rows, "no candidates on the desk"
    assert any("评选表彰" in r.text for r in rows)
    old = browser.find_element(By.TAG_NAME, "h1")
    rows[0].find_element(By.TAG_NAME, "a").click()
    WebDriverWait(browser, 15).until(gone(old))
    form = browser.find_element(By.ID, "exemplar-form")
    assert form.is_displayed()
    assert form.find_element(By.NAME, "organization").get_attribute("value") != ""
    assert_chinese(browser)
    shot(browser, "exemplar-candidates")
