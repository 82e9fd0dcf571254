"""通知公告 in a real browser: the city's office sends a notice with a file to every organization below
it; the village secretary finds it among her to-dos on her phone, opens the file and signs for her
branch; the office sees her receipt and the count of those not yet signed."""
import re
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE, assert_chinese, gone, log_in, make_driver, shot


def wait_for_page(driver, click):
    old = driver.find_element(By.TAG_NAME, "h1")
    click()
    WebDriverWait(driver, 20).until(gone(old))


def test_the_office_sends_a_notice_and_the_branch_signs_for_it_on_her_phone(browser):
    log_in(browser, "office")
    browser.get(f"{BASE}/organizations/1/announcements")
    assert_chinese(browser)
    browser.find_element(By.CSS_SELECTOR, "#compose summary").click()
    form = browser.find_element(By.ID, "announcement-form")
    # A refusal is named beside its field, and what she typed stays.
    form.find_element(By.NAME, "body").send_keys("各基层党组织：\n请在元旦前走访慰问生活困难党员和老党员，并将走访情况报送。")
    form.find_element(By.CSS_SELECTOR, "input[name=audience][value=subtree]").click()
    with tempfile.NamedTemporaryFile(suffix=".txt", delete=False) as empty:
        pass
    form.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(empty.name)
    browser.execute_script("arguments[0].removeAttribute('required')", form.find_element(By.NAME, "title"))
    form.find_element(By.NAME, "title").send_keys("关于开展岁末走访慰问困难党员的通知")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#announcement-form .field-error"))
    assert "空文件" in browser.find_element(By.CSS_SELECTOR, "#announcement-form .field-error").text
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as pdf:
        pdf.write(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    file_input = browser.find_element(By.CSS_SELECTOR, "#announcement-form input[type=file]")
    file_input.clear()
    file_input.send_keys(pdf.name)
    wait_for_page(browser, lambda: browser.find_element(By.CSS_SELECTOR, "#announcement-form button[type=submit]").click())
    assert re.search(r"/announcements/\d+$", browser.current_url), browser.current_url
    notice_url = browser.current_url
    recipients = int(browser.find_element(By.ID, "recipient-count").text)
    assert recipients > 100 and browser.find_element(By.ID, "signed-count").text == "0"
    assert browser.find_elements(By.CSS_SELECTOR, "#unsigned li")
    shot(browser, "announcement-sent")

    phone = make_driver(390, 844, mobile=True)
    try:
        log_in(phone, "secretary")
        todo = phone.find_element(By.ID, "todo-announcements")
        assert int(todo.find_element(By.CSS_SELECTOR, ".count").text) >= 1
        wait_for_page(phone, todo.click)
        assert int(phone.find_element(By.ID, "unsigned-count").text) == len(phone.find_elements(By.CSS_SELECTOR, "#received tr.unsigned"))
        wait_for_page(phone, lambda: phone.find_element(By.LINK_TEXT, "关于开展岁末走访慰问困难党员的通知").click())
        assert phone.current_url == notice_url
        assert phone.find_elements(By.CSS_SELECTOR, "#files a")
        assert not phone.find_elements(By.ID, "tally")
        assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
        assert_chinese(phone)
        shot(phone, "announcement-phone")
        branch = phone.find_element(By.CSS_SELECTOR, "#mine li.receipt").text.split("：")[0]
        wait_for_page(phone, lambda: phone.find_element(By.CSS_SELECTOR, ".sign-form button").click())
        assert "已签收" in phone.find_element(By.ID, "mine").text
        assert not phone.find_elements(By.CSS_SELECTOR, ".sign-form")
    finally:
        phone.quit()

    browser.get(notice_url)
    assert browser.find_element(By.ID, "signed-count").text == "1"
    assert branch in browser.find_element(By.ID, "receipts").text
    assert_chinese(browser)
