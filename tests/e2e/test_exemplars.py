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
