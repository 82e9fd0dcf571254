"""公开承诺 as people use it: a member on her phone and her branch secretary take a commitment through
定诺→审诺（退回、再提交）→亮诺→践诺, a committee does the same for the branch's own commitment,
and anyone opens the public board without logging in."""
import datetime
import re
import subprocess
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE, PASSWORD, api, log_in, make_driver, shot


def deadline(days=30):
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def set_value(driver, element, value):
    """Date inputs take keystrokes in the locale's order; set the ISO value the form submits instead."""
    driver.execute_script("arguments[0].value = arguments[1]", element, value)


def submit_and_wait(driver, button, element_id):
    """Clicks a form's button and waits for the page it leads to (the old page must go first)."""
    driver.execute_script("window.vanguardOldPage = true")
    button.click()
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState === 'complete' && !window.vanguardOldPage"))
    WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.ID, element_id)))
    assert not driver.title.startswith("出错了"), driver.page_source[:1500]


def state(driver):
    return driver.find_element(By.ID, "state").text


def act(driver, url, action, note=None):
    driver.get(url)
    button = driver.find_element(By.CSS_SELECTOR, f"button[data-action='{action}']")
    if note:
        button.find_element(By.XPATH, "./ancestor::form").find_element(By.NAME, "note").send_keys(note)
    submit_and_wait(driver, button, "state")


def draft(driver, form_url, content, result):
    """Fills the first item of the draft form (an immediate commitment, so a rerun makes a new one)."""
    driver.get(form_url)
    form = driver.find_element(By.ID, "draft")
    form.find_element(By.CSS_SELECTOR, "select[name=kind] option[value=immediate]").click()
    form.find_element(By.NAME, "content0").send_keys(content)
    form.find_element(By.NAME, "responsibility0").send_keys("本人负责")
    set_value(driver, form.find_element(By.NAME, "deadline0"), deadline())
    form.find_element(By.NAME, "expectedResult0").send_keys(result)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: re.search(r"/commitments/\d+$", d.current_url))
    assert state(driver) == "草稿"
    return driver.current_url


def revise(driver, url, result):
    driver.get(url)
    field = driver.find_element(By.CSS_SELECTOR, "#revise input[name=expectedResult0]")
    field.clear()
    field.send_keys(result)
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "#revise button[type=submit]"), "items")
    assert result in driver.find_element(By.ID, "items").text


def report(driver, url, text, photo=None, whole=False):
    driver.get(url)
    form = driver.find_element(By.ID, "progress-form")
    if whole:
        form.find_element(By.CSS_SELECTOR, "select[name=item] option[value='']").click()
    form.find_element(By.NAME, "text").send_keys(text)
    form.find_element(By.NAME, "fulfils").click()
    if photo:
        form.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(photo)
    submit_and_wait(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"), "progress")


def branch_of(url, token):
    commitment_id = url.rstrip("/").split("/")[-1]
    status, body = api(f"/commitments/{commitment_id}", token)
    assert status == 200, body
    return body["organizationId"]


def test_member_and_branch_commitments_through_every_step_and_the_public_board(phone, browser, token):
    # 定诺 on the phone: the member drafts and submits.
    log_in(phone, "member")
    member_url = draft(phone, BASE + "/commitments", "帮村里修好三处路灯", "路灯全部亮起")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 375
    shot(phone, "phone-commitment-draft")
    act(phone, member_url, "submit")
    assert state(phone) == "待审核"

    # 审诺: the secretary returns it with a reason; the member sees why, revises and submits again.
    log_in(browser, "secretary")
    act(browser, member_url, "return", note="预期结果请写明时间和数量")
    assert state(browser) == "已退回"
    phone.get(member_url)
    assert "预期结果请写明时间和数量" in phone.find_element(By.ID, "return-reason").text
    revise(phone, member_url, "本月底前三处路灯全部亮起")
    act(phone, member_url, "submit")
    act(browser, member_url, "approve")
    act(browser, member_url, "publish")
    assert state(browser) == "已公开"

    # 践诺: a refused upload (an empty file) is named next to the file field, and the text she typed stays.
    with tempfile.NamedTemporaryFile(suffix=".txt", delete=False) as empty:
        pass
    phone.get(member_url)
    form = phone.find_element(By.ID, "progress-form")
    form.find_element(By.NAME, "text").send_keys("三处路灯已修好")
    form.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(empty.name)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(phone, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#progress-form .field-error"))
    assert "空文件" in phone.find_element(By.CSS_SELECTOR, "#progress-form .field-error").text
    assert phone.find_element(By.NAME, "text").get_attribute("value") == "三处路灯已修好"
    assert phone.find_element(By.CSS_SELECTOR, "#progress-form input[type=file]").get_attribute("aria-invalid") == "true"
    shot(phone, "phone-progress-refused")

    # The member reports with a photo from her phone and fulfils the item.
    with tempfile.NamedTemporaryFile(suffix=".png", delete=False) as f:
        f.write(phone.get_screenshot_as_png())
        photo = f.name
    report(phone, member_url, "三处路灯已修好", photo=photo)
    assert state(phone) == "已兑现"
    assert phone.find_elements(By.CSS_SELECTOR, "#progress img.evidence")
    shot(phone, "phone-commitment-fulfilled")

    # The branch's own commitment: drafted by the secretary, reviewed by the committee above.
    branch = branch_of(member_url, token)
    browser.get(BASE + f"/organizations/{branch}/commitments")
    browser.find_element(By.ID, "draft-organization").click()
    org_url = draft(browser, browser.current_url, "建成村级党群服务中心", "年底前投入使用")
    act(browser, org_url, "submit")
    committee = make_driver()
    try:
        log_in(committee, "staff")
        act(committee, org_url, "return", note="请写明服务中心的面积和功能")
        revise(browser, org_url, "年底前建成200平方米服务中心并投入使用")
        act(browser, org_url, "submit")
        act(committee, org_url, "approve")
        act(committee, org_url, "publish")
        history = committee.find_element(By.ID, "history").text
        assert "退回修改" in history and "请写明服务中心的面积和功能" in history
    finally:
        committee.quit()
    report(browser, org_url, "服务中心已投入使用", whole=True)
    assert state(browser) == "已兑现"

    # 网上晒: anyone, without logging in, sees both on the board; the poster carries the short link.
    public = make_driver()
    try:
        public.get(BASE + f"/b/{branch}")
        WebDriverWait(public, 10).until(lambda d: d.current_url.endswith(f"/board/{branch}"))
        board = public.page_source
        assert "本月底前三处路灯全部亮起" in board and "年底前建成200平方米服务中心并投入使用" in board
        assert "预期结果请写明" not in board and "****" not in board
        shot(public, "public-board")
        public.find_element(By.ID, "poster-link").click()
        WebDriverWait(public, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".poster")))
        link = public.find_element(By.ID, "short-link").text
        assert link.endswith(f"/b/{branch}")
        shot(public, "poster")
        # A phone reads the printed QR code back to the same short link.
        with tempfile.NamedTemporaryFile(suffix=".png") as f:
            f.write(public.find_element(By.CSS_SELECTOR, "#qr svg").screenshot_as_png)
            f.flush()
            decoded = subprocess.run(["zbarimg", "--quiet", "--raw", f.name], capture_output=True, text=True, check=True).stdout.strip()
        assert decoded == link
    finally:
        public.quit()


def test_a_member_cannot_see_or_act_on_another_branchs_draft(browser, token):
    status, me = api("/auth/token", method="POST", body={"username": "member", "password": PASSWORD})
    assert status == 200
    member_token = me["token"]
    status, mine = api("/me", member_token)
    assert status == 200
    own_branch = mine["grants"][0]["organizationId"]
    status, page = api("/organizations/1/ledger?year=%d&state=draft&subject=member&limit=50" % datetime.date.today().year, token)
    assert status == 200 and page["total"] > 0, page
    other = next(c for c in page["commitments"] if c["organizationId"] != own_branch)

    status, body = api(f"/commitments/{other['id']}", member_token)
    assert status == 404, body
    status, body = api(f"/commitments/{other['id']}/submit", member_token, method="POST", body={})
    assert status == 404, body
    log_in(browser, "member")
    browser.get(BASE + f"/commitments/{other['id']}")
    assert "(404)" in browser.page_source and "未找到该承诺" in browser.page_source
    assert other["memberName"] not in browser.page_source


def test_secretary_tracks_coverage_ledger_and_inbox(browser, token):
    log_in(browser, "secretary")
    status, me = api("/auth/token", method="POST", body={"username": "secretary", "password": PASSWORD})
    status, mine = api("/me", me["token"])
    branch = next(g["organizationId"] for g in mine["grants"] if g["role"] == "branch_secretary")
    browser.get(BASE + f"/organizations/{branch}/coverage")
    assert browser.find_element(By.ID, "coverage").text
    assert "党支部大会" in browser.page_source
    shot(browser, "coverage")
    browser.get(BASE + f"/organizations/{branch}/ledger")
    assert "共" in browser.find_element(By.ID, "ledger-total").text
    browser.get(BASE + "/inbox")
    assert browser.find_element(By.TAG_NAME, "h1").text == "提醒"
