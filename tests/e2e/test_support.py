"""后进帮扶 as a county's organization department and the unit meet it in a browser: the county designates
a village branch (picked by code), pairs it X+1, opens ledger items; the unit's side reports and asks for
check-off; the county returns one and checks off the rest; ending the pairing before the branch is lifted
is refused with the reason, shown beside the form; the branch is accepted and lifted, then unpaired. The
branch is made for the test through the API, so the test runs again on the same demo."""
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE, PASSWORD, api, assert_chinese, log_in, make_driver, shot


def wait_for_page(browser, click):
    old = browser.find_element(By.TAG_NAME, "h1")
    click()
    WebDriverWait(browser, 15).until(expected_conditions.staleness_of(old))


def submit(browser, form_css, fields=None, button=None):
    """Fills a form's fields by name and submits it with its (or the named) button; waits for the next page."""
    form = browser.find_element(By.CSS_SELECTOR, form_css)
    for name, value in (fields or {}).items():
        field = form.find_element(By.NAME, name)
        if field.get_attribute("type") == "date":
            browser.execute_script("arguments[0].value = arguments[1]", field, value)
        else:
            field.clear()
            field.send_keys(value)
    target = form.find_element(By.CSS_SELECTOR, button or "button[type=submit]")
    wait_for_page(browser, target.click)


def new_village(prefix, name):
    """The county staff's county, its organ's committee, and a village branch made for this run under its town."""
    status, body = api("/auth/token", method="POST", body={"username": "staff", "password": PASSWORD})
    assert status == 200, body
    staff_token = body["token"]
    status, me = api("/me", staff_token)
    county = me["scope"][0]
    status, children = api(f"/organizations/{county['id']}/children", staff_token)
    town = next(c for c in children if c["kind"] == "grassroots_committee" and c["sector"] == "township")
    organ = next(c for c in children if c["sector"] == "organ")
    code = prefix + str(int(time.time()))[-7:]
    status, branch = api("/organizations", staff_token, "POST",
                         {"parentId": town["id"], "code": code, "name": f"{name}{code[-4:]}村党支部", "kind": "branch", "sector": "village"})
    assert status == 201, branch
    return county, town, organ, code, branch


def test_a_county_designates_pairs_rectifies_and_lifts_a_village_branch():
    county, town, organ, code, branch = new_village("E2E", "测试")
    # The branch's own secretary answers its items (the county's and the city's officers confirm, they do not answer).
    status, admin = api("/auth/token", method="POST", body={"username": "admin", "password": PASSWORD})
    unit_user = "zb" + code[-7:]
    status, body = api("/users", admin["token"], "POST", {"username": unit_user, "displayName": "测试村书记", "password": "Peach-Zhibu-2026a",
                                                         "grants": [{"role": "branch_secretary", "organizationId": branch["id"]}]})
    assert status == 201, body
    status, body = api("/auth/token", method="POST", body={"username": unit_user, "password": "Peach-Zhibu-2026a"})
    assert status == 200, body
    status, body = api("/me/password", body["token"], "POST", {"current": "Peach-Zhibu-2026a", "new": "Peach-Zhibu-2026b"})
    assert status == 204, body

    county_side = make_driver()
    unit_side = make_driver()
    try:
        log_in(county_side, "staff")
        county_side.get(f"{BASE}/organizations/{county['id']}")
        wait_for_page(county_side, county_side.find_element(By.CSS_SELECTOR, "#support-links a").click)
        assert "后进帮扶" in county_side.find_element(By.TAG_NAME, "h1").text and "不公开" in county_side.page_source
        county_side.find_element(By.CSS_SELECTOR, "#designate-organization").find_element(By.XPATH, "..").find_element(By.TAG_NAME, "summary").click()
        form = county_side.find_element(By.ID, "designate-organization")
        form.find_element(By.NAME, "organization").send_keys(code)
        form.find_element(By.CSS_SELECTOR, "input[value=weak_leadership]").click()
        form.find_element(By.CSS_SELECTOR, "input[value=weak_economy]").click()
        form.find_element(By.NAME, "note").send_keys("班子软弱，集体经济空白")
        wait_for_page(county_side, form.find_element(By.CSS_SELECTOR, "button[type=submit]").click)
        assert branch["name"] in county_side.find_element(By.TAG_NAME, "h1").text
        assert "班子软弱涣散、集体经济薄弱" == county_side.find_element(By.ID, "reasons").text
        unit_url = county_side.current_url

        # X+1: the town committee by code, then an organ's committee by code.
        submit(county_side, "#pair-form", {"helperOrganization": town["code"]})
        submit(county_side, "#pair-form", {"helperOrganization": organ["code"]})
        helpers = [li.text for li in county_side.find_elements(By.CSS_SELECTOR, "#helpers li")]
        assert len(helpers) == 2 and town["name"] in helpers[0] and organ["name"] in helpers[1]
        for problem, measure in (("班子成员分工不明确", "调整分工，建立例会制度"), ("集体经济无收入", "发展光伏项目")):
            county_side.find_element(By.CSS_SELECTOR, "#ledger details summary").click()
            submit(county_side, "#item-form", {"problem": problem, "measure": measure, "responsible": "村党支部书记", "deadline": "2099-12-31"})
        items = [a.get_attribute("href") for a in county_side.find_elements(By.CSS_SELECTOR, "#items a")]
        assert len(items) == 2 and county_side.find_element(By.ID, "stock").text == "0 / 2"
        shot(county_side, "backward-unit-paired")

        # The branch's secretary reports and asks.
        log_in(unit_side, unit_user, "Peach-Zhibu-2026b")
        for href in items:
            unit_side.get(href)
            submit(unit_side, "#steps", {"text": "已按措施整改，会议记录和项目合同已归档"}, "button[value=request]")
            assert unit_side.find_element(By.ID, "state").text == "待销号"
        assert_chinese(unit_side)

        # The county returns the first with a reason, then the unit asks again and the county checks both off.
        county_side.get(items[0])
        submit(county_side, "#steps", {"text": "缺少例会记录"}, "button[value=return]")
        assert county_side.find_element(By.ID, "state").text == "整改中"
        unit_side.get(items[0])
        submit(unit_side, "#steps", {"text": "补充了三次例会记录"}, "button[value=request]")

        # Ending the pairing now is refused, the reason shown beside the form.
        county_side.get(unit_url)
        county_side.execute_script("window.confirm = () => true")
        county_side.find_element(By.CSS_SELECTOR, "#unpair-form button").click()
        alert = WebDriverWait(county_side, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "#unpair-form [role=alert]"))
        assert "不改貌不脱钩" in alert.text
        shot(county_side, "backward-unpair-refused")

        for href in items:
            county_side.get(href)
            county_side.execute_script("window.confirm = () => true")
            submit(county_side, "#steps", None, "button[value=check_off]")
            assert county_side.find_element(By.ID, "state").text == "已销号"
        county_side.get(unit_url)
        assert county_side.find_element(By.ID, "stock").text == "2 / 2"
        county_side.execute_script("window.confirm = () => true")
        submit(county_side, "#lift-form", {"acceptance": "班子团结有力，集体经济实现收入，验收合格"})
        assert county_side.find_element(By.ID, "state").text == "已摘帽"
        county_side.execute_script("window.confirm = () => true")
        submit(county_side, "#unpair-form")
        assert "已解除结对" in county_side.page_source
        assert_chinese(county_side)
        shot(county_side, "backward-unit-lifted")

        # Not public: the branch's board shows nothing to a member of another branch, and the unit's page is not found.
        member = make_driver()
        try:
            log_in(member, "member")
            member.get(unit_url)
            assert "未找到该后进认定" in member.page_source and "测试" not in member.page_source
        finally:
            member.quit()
    finally:
        county_side.quit()
        unit_side.quit()


def test_a_leader_records_a_visit_on_her_phone():
    phone = make_driver(390, 844, mobile=True)
    try:
        log_in(phone, "cadre")
        link = phone.find_element(By.ID, "todo-visits")
        due = int(link.find_element(By.CSS_SELECTOR, ".count").text)
        wait_for_page(phone, link.click)
        assert "我的联系点" in phone.find_element(By.TAG_NAME, "h1").text
        assert int(phone.find_element(By.ID, "visits-due-total").text) == due
        point = phone.find_element(By.CSS_SELECTOR, "section.contact-point")
        name = point.find_element(By.CSS_SELECTOR, "h2 a").text
        details = point.find_element(By.TAG_NAME, "details")
        if details.get_attribute("open") is None:
            details.find_element(By.TAG_NAME, "summary").click()
        form = point.find_element(By.CSS_SELECTOR, "form.visit-form")
        form.find_element(By.NAME, "participants").send_keys("镇党委书记")
        form.find_element(By.NAME, "examined").send_keys("村级活动场所和承诺践诺情况")
        form.find_element(By.NAME, "problems").send_keys("活动室屋顶漏雨")
        form.find_element(By.NAME, "guidance").send_keys("年内修缮到位，规范公开栏")
        form.find_element(By.NAME, "itemProblem").send_keys("活动室屋顶漏雨")
        form.find_element(By.NAME, "itemMeasure").send_keys("争取资金翻修屋顶")
        form.find_element(By.NAME, "itemResponsible").send_keys("村党支部书记")
        phone.execute_script("arguments[0].value = '2099-06-30'", form.find_element(By.NAME, "itemDeadline"))
        # Nothing overflows the phone's width, the form included.
        assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
        shot(phone, "contact-visit-form-390")
        wait_for_page(phone, form.find_element(By.CSS_SELECTOR, "button[type=submit]").click)
        # The point is no longer due, and the visit heads the recent ones.
        point = next(s for s in phone.find_elements(By.CSS_SELECTOR, "section.contact-point") if s.find_element(By.CSS_SELECTOR, "h2 a").text == name)
        assert "due" not in point.get_attribute("class")
        assert int(phone.find_element(By.ID, "visits-due-total").text) == max(0, due - 1) or due == 0
        first = phone.find_element(By.CSS_SELECTOR, "#visits tbody tr")
        assert name in first.text and "村级活动场所和承诺践诺情况" in first.text
        assert_chinese(phone)
    finally:
        phone.quit()


def test_an_inspector_records_a_tour_whose_finding_the_unit_answers():
    status, body = api("/auth/token", method="POST", body={"username": "staff", "password": PASSWORD})
    staff_token = body["token"]
    status, me = api("/me", staff_token)
    county = me["scope"][0]
    code = "E2I" + str(int(time.time()))[-7:]
    status, unit = api("/organizations", staff_token, "POST",
                       {"parentId": county["id"], "code": code, "name": f"测试{code[-4:]}机关党委", "kind": "grassroots_committee", "sector": "organ"})
    assert status == 201, unit

    office, inspector, staff = make_driver(), make_driver(), make_driver()
    try:
        # The office plans the new unit for the first group this quarter.
        log_in(office, "office")
        office.get(BASE + "/organizations/1/inspections")
        assert "巡回检查" in office.find_element(By.TAG_NAME, "h1").text
        office.find_element(By.ID, "plan-form").find_element(By.XPATH, "..").find_element(By.TAG_NAME, "summary").click()
        submit(office, "#plan-form", {"organizations": code})
        assert unit["name"] in office.find_element(By.ID, "plans").text

        # The inspector finds it among her group's units to inspect, and records the tour.
        log_in(inspector, "inspector")
        link = inspector.find_element(By.ID, "todo-inspections")
        count = int(link.find_element(By.CSS_SELECTOR, ".count").text)
        wait_for_page(inspector, link.click)
        assert int(inspector.find_element(By.ID, "inspections-total").text) == count >= 1
        row = next(a for a in inspector.find_elements(By.CSS_SELECTOR, "#plans a") if a.text == unit["name"])
        wait_for_page(inspector, row.click)
        form = inspector.find_element(By.ID, "inspection-form")
        form.find_element(By.CSS_SELECTOR, "select[name='check.fulfilment'] option[value=partly]").click()
        form.find_element(By.NAME, "findings").send_keys("活动开展扎实，个别承诺践诺记录不全")
        form.find_element(By.NAME, "score").send_keys("86")
        form.find_element(By.NAME, "problem1").send_keys("部分承诺事项无践诺记录")
        form.find_element(By.NAME, "measure1").send_keys("补齐践诺台账")
        form.find_element(By.NAME, "responsible1").send_keys("机关党委书记")
        inspector.execute_script("arguments[0].value = '2099-03-31'", form.find_element(By.NAME, "deadline1"))
        shot(inspector, "inspection-form")
        wait_for_page(inspector, form.find_element(By.CSS_SELECTOR, "button[type=submit]").click)
        assert "86（良好）" in inspector.find_element(By.ID, "score").text
        item_url = inspector.find_element(By.CSS_SELECTOR, "#inspection-items a").get_attribute("href")
        assert_chinese(inspector)

        # The unit's officer answers the item; the office checks it off.
        log_in(staff, "staff")
        staff.get(item_url)
        assert staff.find_element(By.ID, "state").text == "整改中"
        submit(staff, "#steps", {"text": "践诺台账已补齐，附台账扫描件"}, "button[value=request]")
        assert staff.find_element(By.ID, "state").text == "待销号"
        office.get(item_url)
        office.execute_script("window.confirm = () => true")
        submit(office, "#steps", None, "button[value=check_off]")
        assert office.find_element(By.ID, "state").text == "已销号"
        # The quarter's report downloads as Excel.
        office.get(BASE + "/organizations/1/inspections")
        href = office.find_element(By.ID, "inspection-report").get_attribute("href")
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in office.get_cookies())
        with urllib.request.urlopen(urllib.request.Request(href, headers={"Cookie": cookie})) as r:
            assert r.headers["Content-Type"].startswith("application/vnd.openxmlformats") and r.read()[:2] == b"PK"
    finally:
        office.quit()
        inspector.quit()
        staff.quit()


def test_a_leader_proposes_a_demonstration_point_and_the_county_names_it_and_pairs_the_village_with_the_city():
    county, _, organ, code, village = new_village("E2D", "示范")
    # The new village becomes one of the cadre's contact points (the admin sees both).
    status, admin = api("/auth/token", method="POST", body={"username": "admin", "password": PASSWORD})
    status, cadre = api("/auth/token", method="POST", body={"username": "cadre", "password": PASSWORD})
    status, cadre_me = api("/me", cadre["token"])
    status, member = api(f"/members/{cadre_me['memberId']}", admin["token"])
    assert status == 200, member
    status, body = api(f"/organizations/{village['id']}/leader-contacts", admin["token"], "POST", {"memberNo": member["memberNo"], "kind": "contact_point"})
    assert status == 204, body

    phone = make_driver(390, 844, mobile=True)
    county_side = make_driver()
    try:
        log_in(phone, "cadre")
        phone.get(f"{BASE}/me/contacts")
        point = phone.find_element(By.ID, f"point-{village['id']}")
        wait_for_page(phone, point.find_element(By.CSS_SELECTOR, "a.demonstration-link").click)
        assert "示范点" in phone.find_element(By.TAG_NAME, "h1").text and "尚未申报示范点" in phone.page_source
        form = phone.find_element(By.ID, "propose-form")
        form.find_element(By.CSS_SELECTOR, "input[value=leadership]").click()
        form.find_element(By.CSS_SELECTOR, "input[value=mechanism]").click()
        form.find_element(By.NAME, "note").send_keys("村“两委”班子团结，便民服务制度健全")
        assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
        shot(phone, "demonstration-propose-390")
        wait_for_page(phone, form.find_element(By.CSS_SELECTOR, "button[type=submit]").click)
        state = phone.find_element(By.CSS_SELECTOR, "section.demonstration .state").text
        assert state == "已申报" and "领导班子好" in phone.page_source and not phone.find_elements(By.ID, "propose-form")
        assert_chinese(phone)

        # The county's organization department names it from the village's page.
        log_in(county_side, "staff")
        county_side.get(f"{BASE}/organizations/{village['id']}")
        wait_for_page(county_side, county_side.find_element(By.CSS_SELECTOR, "#point-links a").click)
        decide = county_side.find_element(By.ID, "decide-form")
        decide.find_element(By.NAME, "note").send_keys("同意命名")
        wait_for_page(county_side, decide.find_element(By.CSS_SELECTOR, "button[value=approve]").click)
        assert county_side.find_element(By.CSS_SELECTOR, "section.demonstration .state").text == "示范点"
        assert not county_side.find_elements(By.ID, "decide-form")

        # 城乡结对: the village with the county's organ, by code; then a help record shows on the pairing.
        county_side.get(f"{BASE}/organizations/{county['id']}/urban-rural")
        submit(county_side, "#pair-form", {"rural": code, "city": organ["code"]})
        section = next(s for s in county_side.find_elements(By.CSS_SELECTOR, "section.pairing") if village["name"] in s.text)
        assert organ["name"] in section.find_element(By.CSS_SELECTOR, "p.meta").text
        section.find_elements(By.TAG_NAME, "summary")[0].click()
        help_form = section.find_element(By.CSS_SELECTOR, "form.help-form")
        help_form.find_element(By.NAME, "content").send_keys("机关党员到村开展联合主题党日")
        wait_for_page(county_side, help_form.find_element(By.CSS_SELECTOR, "button[type=submit]").click)
        section = next(s for s in county_side.find_elements(By.CSS_SELECTOR, "section.pairing") if village["name"] in s.text)
        assert "机关党员到村开展联合主题党日" in section.find_element(By.CSS_SELECTOR, "table.help").text
        shot(county_side, "urban-rural")
        assert_chinese(county_side)
    finally:
        phone.quit()
        county_side.quit()
