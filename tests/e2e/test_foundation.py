"""The foundation as a clerk uses it: log in, browse the tree, search, open a member, import."""
import csv
import io
import shutil
import subprocess
import tempfile
import pathlib
import uuid

import openpyxl
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE, api, log_in, shot


def a_township(token):
    """A township committee of the demo city, found through the API (no hard-coded ids)."""
    status, counties = api("/organizations/1/children", token)
    assert status == 200
    county = next(o for o in counties if o["kind"] == "local_committee")
    status, units = api(f"/organizations/{county['id']}/children", token)
    return next(o for o in units if o["sector"] == "township")


def test_login_and_browse_the_tree(browser):
    log_in(browser)
    assert "中共六安市委员会" in browser.page_source
    # The workbench keeps the tree under 我的角色与管理范围; it loads a node's children only when it is opened.
    browser.find_element(By.CSS_SELECTOR, "#roles-and-tree > summary").click()
    node = browser.find_element(By.CSS_SELECTOR, "ul.tree details summary")
    node.click()
    WebDriverWait(browser, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "ul.tree details ul.tree li")) >= 7)
    names = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "ul.tree details ul.tree li > details > summary a")]
    assert any("金安区" in n for n in names), names
    shot(browser, "home-tree")
    browser.find_element(By.CSS_SELECTOR, "ul.tree summary a").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "children")))
    assert browser.find_element(By.ID, "count-orgs").text.endswith("万")
    rows = browser.find_elements(By.CSS_SELECTOR, "#children tbody tr")
    assert len(rows) >= 10
    shot(browser, "organization")


def test_search_and_open_a_member(browser):
    log_in(browser)
    box = browser.find_element(By.NAME, "q")
    box.send_keys("王")
    box.submit()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "found-members")))
    first = browser.find_element(By.CSS_SELECTOR, "#found-members tbody tr td a")
    name = first.text
    masked = browser.find_element(By.CSS_SELECTOR, "#found-members tbody tr td:last-child").text
    assert "****" in masked  # phones are masked in every list
    first.click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "phone")))
    assert browser.find_element(By.TAG_NAME, "h1").text == name
    assert "党员编号" in browser.page_source and "组织关系转接记录" in browser.page_source
    shot(browser, "member")


def upload(browser, kind, path):
    browser.get(BASE + "/import")
    browser.find_element(By.CSS_SELECTOR, f"select[name=kind] option[value={kind}]").click()
    browser.find_element(By.NAME, "file").send_keys(str(path))
    browser.find_element(By.CSS_SELECTOR, "form[enctype] button[type=submit]").click()
    WebDriverWait(browser, 15).until(EC.presence_of_element_located((By.ID, "report")))


def test_import_with_errors_shows_every_problem_and_writes_nothing(browser, token):
    township = a_township(token)
    before = township["counters"]["subtreeOrganizations"]
    code = "E2E" + uuid.uuid4().hex[:8].upper()
    with tempfile.TemporaryDirectory() as d:
        path = pathlib.Path(d) / "orgs.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(["组织编码", "组织名称", "组织类别", "所属领域", "上级组织编码"])
            w.writerow([code + "-1", "测试新村党支部", "党支部", "村", township["code"]])
            w.writerow([code + "-2", "孤儿党支部", "党支部", "村", "NO-SUCH-PARENT"])
            w.writerow([code + "-3", "", "党支部", "火星", township["code"]])
        log_in(browser)
        upload(browser, "organizations", path)
    problems = browser.find_elements(By.CSS_SELECTOR, "#problems tbody tr")
    text = " ".join(p.text for p in problems)
    assert len(problems) == 3, text
    assert "上级组织编码在系统和文件中都不存在" in text and "火星" in text
    shot(browser, "import-errors")
    _, after = api(f"/organizations/{township['id']}", token)
    assert after["counters"]["subtreeOrganizations"] == before


def test_import_a_good_openpyxl_file_and_see_the_new_organization(browser, token):
    township = a_township(token)
    code = "E2E" + uuid.uuid4().hex[:8].upper()
    name = f"示范新村党支部{code[-4:]}"
    with tempfile.TemporaryDirectory() as d:
        path = pathlib.Path(d) / "orgs.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["组织编码", "组织名称", "组织类别", "所属领域", "上级组织编码", "所属系统"])
        ws.append([code, name, "党支部", "村", township["code"], "农村工作系统"])
        wb.save(path)
        log_in(browser)
        upload(browser, "organizations", path)
    assert "导入成功" in browser.find_element(By.ID, "report").text
    box = browser.find_element(By.NAME, "q")
    box.send_keys(name)
    box.submit()
    browser.find_element(By.LINK_TEXT, name).click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), name))
    assert township["name"] in browser.find_element(By.CSS_SELECTOR, "nav.crumbs").text
    shot(browser, "imported-organization")


def test_members_from_a_libreoffice_xlsx_import(token):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice must be installed for this test (.ci/run installs libreoffice-calc-nogui)"
    township = a_township(token)
    _, branches = api(f"/organizations/{township['id']}/children", token)
    branch = next(o for o in branches if o["kind"] == "branch")
    prefix = "LO" + uuid.uuid4().hex[:6].upper()
    with tempfile.TemporaryDirectory() as d:
        src = pathlib.Path(d) / "members.csv"
        with open(src, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["党员编号", "姓名", "性别", "出生日期", "入党日期", "党员类别", "手机号码", "所在组织编码"])
            w.writerow([prefix + "1", "柳青", "女", "1979-04-05", "2003-07-01", "正式党员", "13700000001", branch["code"]])
            w.writerow([prefix + "2", "石磊", "男", "1990-10-10", "2016-06-30", "预备党员", "", branch["code"]])
        subprocess.run([soffice, "--headless", "--infilter=CSV:44,34,76", "--convert-to", "xlsx", "--outdir", d, str(src)],
                       check=True, capture_output=True, timeout=180)
        data = (pathlib.Path(d) / "members.xlsx").read_bytes()
    status, report = api("/import/members", token, method="POST", body=data, content_type="application/octet-stream")
    assert status == 200, report
    assert report["created"] == 2
    status, found = api(f"/members/search?q={prefix}1", token)
    assert status == 200 and found[0]["name"] == "柳青" and found[0]["organizationId"] == branch["id"]


def test_secretary_sees_only_her_branch(browser, token):
    log_in(browser, "secretary")
    links = browser.find_elements(By.CSS_SELECTOR, ".scope h2 a")  # the workbench names her branch
    assert links, browser.page_source[:500]
    links[0].click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "count-members")))
    assert "党支部" in browser.find_element(By.TAG_NAME, "h1").text
    browser.get(BASE + "/organizations/1")
    assert "不在您的管理范围内" in browser.page_source or "未找到" in browser.page_source
    shot(browser, "secretary-404")


def test_member_page_on_a_phone(phone, token):
    log_in(phone)
    phone.get(BASE + "/organizations/1")
    WebDriverWait(phone, 10).until(EC.presence_of_element_located((By.ID, "children")))
    viewport = phone.execute_script("return window.innerWidth")
    width = phone.execute_script("return document.documentElement.scrollWidth")
    assert viewport == 375
    assert width <= viewport, f"page is {width}px wide on a {viewport}px phone"
    shot(phone, "phone-organization")
