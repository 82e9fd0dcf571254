"""等保 accounts as the office and a new clerk use them: the office creates an account in 账号管理 by an
organization's code, the clerk's first login leads to the password page, she logs in twice and ends the
other login in 我的登录, the office disables the account, and the audit page shows every step."""
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import BASE, log_in, make_driver, shot
from test_foundation import a_township


def test_office_creates_a_clerk_who_ends_her_other_login_and_is_audited(browser, token):
    township = a_township(token)
    username = "e2e-" + uuid.uuid4().hex[:6]
    password = "Clerk-pass-2026"
    log_in(browser, "admin")
    browser.find_element(By.ID, "nav-accounts").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "new-account")))
    assert "账号管理" in browser.find_element(By.TAG_NAME, "h1").text
    form = browser.find_element(By.ID, "new-account")
    form.find_element(By.NAME, "username").send_keys(username)
    form.find_element(By.NAME, "displayName").send_keys("测试干事")
    Select(form.find_element(By.NAME, "role")).select_by_visible_text("党委工作人员")
    form.find_element(By.NAME, "organization").send_keys(township["code"])
    form.find_element(By.NAME, "password").send_keys(password)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "account-saved")))
    assert township["name"] in browser.find_element(By.ID, "grants").text
    account_url = browser.current_url.split("?")[0]
    shot(browser, "account-created")

    # The clerk's first login leads to the password page: the office chose that password.
    first = make_driver()
    try:
        first.get(BASE + "/login")
        first.find_element(By.NAME, "username").send_keys(username)
        first.find_element(By.NAME, "password").send_keys(password)
        first.find_element(By.CSS_SELECTOR, "button[type=submit].primary").click()
        WebDriverWait(first, 10).until(EC.presence_of_element_located((By.ID, "password-expired")))
        assert first.current_url.endswith("/account/password")
        shot(first, "first-login-password")
        form = first.find_element(By.ID, "password-form")
        form.find_element(By.NAME, "current").send_keys(password)
        form.find_element(By.NAME, "new").send_keys("Clerk-own-2027")
        form.find_element(By.NAME, "repeat").send_keys("Clerk-own-2027")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(first, 10).until(EC.presence_of_element_located((By.ID, "password-done")))
        # Logged in from a second browser too, she ends that login from the first.
        second = make_driver()
        try:
            log_in(second, username, "Clerk-own-2027")
            first.get(BASE + "/account/sessions")
            rows = first.find_elements(By.CSS_SELECTOR, "#sessions tbody tr")
            assert len(rows) == 2
            first.find_element(By.CSS_SELECTOR, "#sessions form button").click()
            WebDriverWait(first, 10).until(EC.presence_of_element_located((By.ID, "session-ended")))
            shot(first, "sessions")
            second.get(BASE + "/")
            assert "/login" in second.current_url
        finally:
            second.quit()
    finally:
        first.quit()

    # The office disables the account; the audit page lists what was done to it.
    browser.get(account_url)
    browser.find_element(By.CSS_SELECTOR, "#active-form button").click()
    browser.switch_to.alert.accept()  # a disabling asks first
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "account-saved")))
    assert "已停用" in browser.find_element(By.ID, "account-state").text
    browser.find_element(By.ID, "nav-audit").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "audit-filter")))
    browser.find_element(By.NAME, "action").send_keys("user.")
    browser.find_element(By.CSS_SELECTOR, "#audit-filter button").click()
    WebDriverWait(browser, 10).until(lambda d: "action=user." in d.current_url)
    table = browser.find_element(By.ID, "audit").text
    # actions are named in Chinese; the filter still takes the code
    assert "创建账号" in table and "停用账号" in table and username in table
    shot(browser, "audit")
