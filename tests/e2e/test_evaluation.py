"""群众评议 as it happens: the branch secretary opens a round and prints slips; a citizen scans a slip's
QR code with her phone, rates without logging in, and cannot use the code twice; closing freezes the
results."""
import re
import subprocess
import tempfile

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE, PASSWORD, a4, api, log_in, make_driver, print_pdf, shot


def test_a_ballot_round_from_slips_to_frozen_results(browser, phone):
    status, token = api("/auth/token", method="POST", body={"username": "secretary", "password": PASSWORD})
    status, me = api("/me", token["token"])
    branch = next(g["organizationId"] for g in me["grants"] if g["role"] == "branch_secretary")

    log_in(browser, "secretary")
    browser.get(BASE + f"/organizations/{branch}/evaluations")
    title = browser.find_element(By.CSS_SELECTOR, "#open-round input[name=title]")
    title.clear()
    title.send_keys("下半年群众评议（浏览器测试）")
    browser.find_element(By.CSS_SELECTOR, "#open-round button").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "codes-form")))
    round_url = browser.current_url
    count = browser.find_element(By.CSS_SELECTOR, "#codes-form input[name=count]")
    count.clear()
    count.send_keys("3")
    browser.find_element(By.CSS_SELECTOR, "#codes-form button").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "slips")))
    slips = browser.find_elements(By.CSS_SELECTOR, ".slip")
    assert len(slips) == 3
    shot(browser, "ballot-slips")
    # Printed: A4 portrait, each slip with its code and what the voter does.
    codes = [s.find_element(By.CLASS_NAME, "code").text for s in slips]
    text, info = print_pdf(browser, None)
    a4(info, landscape=False)
    flat = re.sub(r"\s+", "", text)
    assert all(c in flat for c in codes) and flat.count("每个评议码只能投一次") == 3, text[:1500]
    # A reload keeps the round (no 404), and the batch can be printed again: the same codes.
    browser.refresh()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "batches")))
    browser.find_element(By.CSS_SELECTOR, "#batches button").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "slips")))
    assert [s.find_element(By.CLASS_NAME, "code").text for s in browser.find_elements(By.CSS_SELECTOR, ".slip")] == codes
    slips = browser.find_elements(By.CSS_SELECTOR, ".slip")

    # The citizen's phone reads the slip's QR code.
    with tempfile.NamedTemporaryFile(suffix=".png") as f:
        f.write(slips[0].find_element(By.TAG_NAME, "svg").screenshot_as_png)
        f.flush()
        url = subprocess.run(["zbarimg", "--quiet", "--raw", f.name], capture_output=True, text=True, check=True).stdout.strip()
    assert url.startswith("http://") and "/v/" in url
    code = url.rsplit("/", 1)[-1]
    assert slips[0].find_element(By.CLASS_NAME, "code").text.replace("-", "") == code

    phone.get(url)
    fieldsets = phone.find_elements(By.CSS_SELECTOR, "fieldset.target")
    assert len(fieldsets) >= 2  # the branch and its members
    for i, fs in enumerate(fieldsets):
        fs.find_elements(By.CSS_SELECTOR, "input[type=radio]")[0 if i % 3 else 1].click()
    fieldsets[0].find_element(By.CSS_SELECTOR, "input[name^=remark]").send_keys("希望多开展志愿服务")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 375
    shot(phone, "phone-ballot")
    phone.find_element(By.CSS_SELECTOR, "#ballot button[type=submit]").click()
    WebDriverWait(phone, 10).until(EC.presence_of_element_located((By.ID, "ballot-done")))
    # One ballot is fewer than k: it waits for nine more or for the close, and the voter is told so.
    assert "至少9张" in phone.find_element(By.ID, "ballot-pending").text

    # The same code again: looking it up tells nothing, voting with it gets a clear message.
    phone.get(url)
    for fs in phone.find_elements(By.CSS_SELECTOR, "fieldset.target"):
        fs.find_elements(By.CSS_SELECTOR, "input[type=radio]")[0].click()
    phone.find_element(By.CSS_SELECTOR, "#ballot button[type=submit]").click()
    WebDriverWait(phone, 10).until(EC.presence_of_element_located((By.ID, "ballot-message")))
    assert "已经使用过" in phone.find_element(By.ID, "ballot-message").text

    # While open the organizer sees no results, and the held ballot is not counted yet.
    browser.get(round_url)
    assert "已收评议票 0" in browser.find_element(By.ID, "round-counts").text
    assert "结束后公布" in browser.find_element(By.ID, "results-hidden").text
    browser.find_element(By.CSS_SELECTOR, "#close-form button").click()
    browser.switch_to.alert.accept()  # closing is final: it asks first
    # The old page's heading goes stale while the new one loads: keep looking until the new one says so.
    WebDriverWait(browser, 10, ignored_exceptions=(StaleElementReferenceException, WebDriverException)).until(
        lambda d: "已结束" in d.find_element(By.TAG_NAME, "h1").text)
    assert "已收评议票 1" in browser.find_element(By.ID, "round-counts").text
    results = browser.find_element(By.ID, "results").text
    assert "希望多开展志愿服务" in results and "%" in results
    shot(browser, "ballot-results")
    # A code nobody was given: a clear message, no ballot.
    phone.get(url[:-1] + ("0" if url[-1] != "0" else "1"))
    assert "评议码" in phone.find_element(By.ID, "ballot-message").text
