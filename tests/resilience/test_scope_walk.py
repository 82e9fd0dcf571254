"""权限范围: a branch secretary and a plain party member, handed the ids of things outside their branch,
get 404 or 403 on every route of the API — reads and writes alike —, answered exactly as for ids that
exist nowhere, and the database is unchanged by all those attempts.

Starts its own `vanguard demo --scale small` (VANGUARD_BIN, default .build/debug/vanguard) on a fresh
data folder. As admin it picks things the two actors may not see in three places — the township
around their branch ("neighbour"), another district ("far"), and their branch's parent organization
("above", for the routes that take an organization) — and makes sure each kind of thing exists there
(an open evaluation round, an evidence file, a pending point entry, a rectification demand). A
fourth set of ids exists nowhere ("missing"). Then it reads the spec the server serves and walks
every operation that names a thing — every method, every value of an enum path parameter — with
those ids in the path, the query and a request body that is otherwise valid, so that the scope check
is what answers. The searches, which answer 200 by design, must find nothing outside. Before and
after the walk it dumps the SQLite database with the sqlite3 CLI and compares.

VANGUARD_SCOPE_PORT (default 18093) is the port; VANGUARD_SCOPE_TRANSCRIPT names a file to write
every request and answer to, one JSON a line.
"""
import copy
import datetime
import json
import os
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import yaml  # PyYAML: installed with schemathesis (tests/resilience/requirements.txt)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("VANGUARD_BIN", os.path.join(ROOT, ".build", "debug", "vanguard"))
PORT = int(os.environ.get("VANGUARD_SCOPE_PORT", "18093"))
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "Scope-walk-2026"  # the demo's password for every account, and for the accounts made here
MISSING = 987654321  # the id of nothing: "missing" and "not yours" must get the same answer
ACTORS = ("secretary", "member")  # the demo's 支部书记 and a plain 党员 of the same branch
REFUSED = (403, 404)
TRANSCRIPT = os.environ.get("VANGUARD_SCOPE_TRANSCRIPT")

# Operations not walked, and why. Everything else the server's spec lists is walked, including
# routes added later (an id of a kind this file does not know is filled with MISSING).
SKIPPED = {
    ("POST", "/auth/token"): "logging in: public, takes a username and password, no id",
    ("DELETE", "/auth/token"): "ends the caller's own token: would log the actor out mid-walk",
    ("GET", "/me"): "the caller's own account",
    ("POST", "/me/password"): "the caller's own password",
    ("GET", "/me/sessions"): "the caller's own sessions",
    ("GET", "/inbox"): "the caller's own reminders",
    ("POST", "/inbox/read"): "marks the caller's own reminders read (a write that is theirs to make)",
    ("GET", "/commitments"): "the caller's own commitments",
    ("GET", "/workbench"): "the caller's own to-dos, counted in her own scope",
    ("GET", "/me/contacts"): "the caller's own contact points and visits",
    ("GET", "/backward-reasons"): "city-wide by design: the reasons a designation may name are data every account reads",
    ("GET", "/inspection-checks"): "city-wide by design: the inspection checklist is data every account reads",
    ("GET", "/comments/duties"): "the comments the caller owes",
    ("GET", "/campaigns"): "city-wide by design: every account reads the campaigns",
    ("GET", "/evaluation-settings"): "city-wide by design: every account reads the evaluation rules",
    ("GET", "/scoring-templates"): "city-wide by design: every account reads the scoring templates",
    ("GET", "/commendation-titles"): "city-wide by design: the titles the campaign commends are data every account reads",
    ("GET", "/organizations/search"): "answers 200 with what the caller may see: checked by search_leaks()",
    ("GET", "/members/search"): "answers 200 with what the caller may see: checked by search_leaks()",
}
SKIPPED_PREFIX = ("/public/", "public by design (no login): the commitment board and the ballots")

# Tables that change on every login or authenticated request whatever it asks: tokens and their last
# use, the login throttle, and the audit trail with its hash chain (a refused request may be
# audited). The actors and admin log in during the test. Every other table must stay identical.
VOLATILE_TABLES = {"sessions", "login_failures", "audit_log", "audit_head"}

# What `{id}` names, by the path's first segment.
ID_KINDS = {
    "organizations": "organization", "members": "member", "commitments": "commitment", "evidence": "evidence",
    "supervision": "supervision", "evaluations": "round", "leader-contacts": "contact", "point-entries": "entry",
    "campaigns": "campaign", "users": "user",
}
# Query and body fields that name a thing, and which thing of the realm they get.
FIELD_KINDS = {
    "organizationId": "organization", "placeId": "organization", "parentId": "parent", "transferMembersTo": "org2",
    "memberId": "member", "commitmentId": "commitment",
}
# A commitment in the state where the step would be valid, so that only the scope stands in the way.
WANTED_STATES = {
    "submit": ["draft", "returned"], "withdraw": ["draft", "submitted"], "return": ["submitted"], "approve": ["submitted"],
    "publish": ["approved"], "start": ["published"], "fulfil": ["in_progress"], "mark_overdue": ["in_progress"],
    "items": ["draft", "returned"], "carry-forward": ["published"], "progress": ["in_progress"], "urge": ["in_progress", "overdue"],
    "DELETE": ["draft", "submitted", "returned"],
}
# Values for fields the schema alone does not make valid.
FIELD_VALUES = {
    "count": 1, "points": 1, "attendees": 12, "itemPosition": 1, "code": "SW1", "memberNo": "SW-NEW-0001",
    "username": "scope-walker", "password": "Scope-walk-2027", "note": "范围测试", "comment": "范围测试",
    "birthDate": "1980-05-01", "joinDate": "2005-07-01",
}


# ------------------------------------------------------------------------------------------- HTTP

def call(path, token=None, method="GET", body=None, raw=None, timeout=30):
    """One request under /api/v1: (status, the answer as JSON, or the start of its text)."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(BASE + "/api/v1" + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/octet-stream" if raw is not None else "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            status, text = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read()
    except (urllib.error.URLError, ConnectionError) as e:  # the server died or hung up: a finding too
        return 0, f"no answer: {e}"
    try:
        return status, json.loads(text) if text else None
    except ValueError:
        return status, text[:200].decode("utf-8", "replace")


def ok(path, token, method="GET", body=None):
    status, answer = call(path, token, method, body)
    assert status in (200, 201, 204), (method, path, body, status, answer)
    return answer


def start(data):
    log = open(os.path.join(data, "server.log"), "ab")
    process = subprocess.Popen(
        [BIN, "demo", "--scale", "small", "--data-dir", data, "--port", str(PORT), "--admin-password", PASSWORD],
        stdout=log, stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            with urllib.request.urlopen(BASE + "/readyz", timeout=2):
                return process
        except Exception:
            assert process.poll() is None, open(os.path.join(data, "server.log")).read()[-3000:]
            time.sleep(0.5)
    raise AssertionError("the server did not become ready")


def log_in(username):
    return ok("/auth/token", None, "POST", {"username": username, "password": PASSWORD})["token"]


# --------------------------------------------------------------------------------------- database

def snapshot(database):
    """Every table but the volatile ones, as `sqlite3 .dump` prints it (the server runs in WAL mode:
    reading beside it sees the last committed state)."""
    tables = subprocess.run(["sqlite3", database, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"],
                            capture_output=True, text=True, check=True).stdout.split()
    script = "".join(f".dump '{t}'\n" for t in tables if t not in VOLATILE_TABLES and not t.startswith("sqlite_"))
    return subprocess.run(["sqlite3", database], input=script, capture_output=True, text=True, check=True).stdout.splitlines()


def settled_snapshot(database):
    """A snapshot that a second one half a second later confirms: the reminder sweep the server
    runs when it starts must be over before the baseline is taken."""
    before = snapshot(database)
    for _ in range(20):
        time.sleep(0.5)
        again = snapshot(database)
        if again == before:
            return before
        before = again
    raise AssertionError("the database keeps changing with nobody asking: no baseline to compare with")


def differences(before, after, most=30):
    gone, came = set(before) - set(after), set(after) - set(before)
    return ([f"- {line[:300]}" for line in before if line in gone][:most]
            + [f"+ {line[:300]}" for line in after if line in came][:most])


# ------------------------------------------------------------------------------- things out of scope

class Admin:
    """The city-wide account: finds the things to aim at, and makes those the demo lacks."""

    def __init__(self, year):
        self.token, self.year, self._orgs = log_in("admin"), year, {}

    def __call__(self, path, method="GET", body=None):
        return ok(path, self.token, method, body)

    def org(self, oid):
        if oid not in self._orgs:
            self._orgs[oid] = self(f"/organizations/{oid}")
        return self._orgs[oid]


def inside(path, scope_paths):
    return any(path.startswith(p) for p in scope_paths)


def find_realm(admin, name, root, scope_paths, spec_paths, today):
    """Ids of things under `root` and outside every actor's scope; what the demo has none of (an
    evidence file, a pending point entry) is made here, before the baseline."""
    by_state, candidates = {}, []
    for state in ("in_progress", "draft", "returned", "submitted", "approved", "published", "overdue"):
        ledger = admin(f"/organizations/{root}/ledger?year={admin.year}&state={state}&limit=100")["commitments"]
        found = [c for c in ledger if not inside(admin.org(c["organizationId"])["path"], scope_paths)]
        if found:
            by_state[state] = found[0]["id"]
            candidates += found
    assert candidates, f"no commitment outside the actors' scope under organization {root}"
    working = next((c for c in candidates if c["state"] == "in_progress" and c.get("memberId")), candidates[0])
    org = admin.org(working["organizationId"])
    # A plain member of that branch (a leader or secretary cannot be exempted, for one).
    members = admin(f"/organizations/{org['id']}/members")
    member_id = next((m["id"] for m in members if not (m["categories"].get("leadingCadre") or m["categories"].get("secretary"))),
                     working.get("memberId") or members[0]["id"])
    orgs = [admin.org(c["organizationId"]) for c in candidates]
    realm = {
        "name": name, "organization": org["id"], "parent": root, "member": member_id, "commitment": working["id"], "by_state": by_state,
        # another branch (to transfer members to) and another parent (to move the organization under)
        "org2": next((o["id"] for o in orgs if o["kind"] == "branch" and o["id"] != org["id"]), org["id"]),
        "move_to": next((o["parentId"] for o in orgs if o.get("parentId") not in (None, org["id"], org.get("parentId"))), root),
    }

    if working["state"] == "in_progress":  # an evidence file, reported by admin with a progress note
        admin(f"/commitments/{working['id']}/progress", "POST",
              {"text": "范围测试：佐证材料", "files": [{"name": "佐证.txt", "contentBase64": "5L2Q6K+B"}]})
        realm["evidence"] = next(f["id"] for r in reversed(admin(f"/commitments/{working['id']}/progress")) for f in r["files"])
    realm["round"] = admin(f"/organizations/{org['id']}/evaluations", "POST", {"title": f"范围测试评议（{name}）"})["id"]
    realm["entry"] = admin(f"/members/{member_id}/points", "POST", {"points": 2, "reason": "范围测试"})["id"]
    realm["supervision"] = admin(f"/organizations/{org['id']}/supervision", "POST", {
        "kind": "rectification", "heldOn": today, "findings": "范围测试：整改要求", "urged": "按期整改",
        "commitmentId": working["id"], "deadline": f"{admin.year}-12-31"})["id"]
    contacts = [c for c in admin(f"/organizations/{root}/leader-contacts")
                if not inside(admin.org(c["organizationId"])["path"], scope_paths)]
    realm["contact"] = contacts[0]["id"] if contacts else MISSING
    if "/users" in spec_paths:  # account administration, where the server has it: an account of that branch
        status, account = call("/users", admin.token, "POST", {
            "username": f"outsider-{name}", "displayName": f"范围外账号（{name}）", "password": PASSWORD,
            "grants": [{"role": "member", "organizationId": org["id"]}]})
        realm["user"] = account["id"] if status == 201 else MISSING
        if status != 201:
            realm["notes"] = [f"admin could not create an account to aim at ({status} {account}): /users/{{id}} aimed at a missing id only"]

    # The versions as they are now (after the setup above) and the records' own values, so that an
    # update is one the server would accept from someone in scope.
    member = admin(f"/members/{member_id}")
    realm["records"] = {"organization": admin(f"/organizations/{org['id']}"), "member": member}
    realm["versions"] = {("organization", org["id"]): realm["records"]["organization"]["version"], ("member", member_id): member["version"]}
    for cid in set(by_state.values()) | {working["id"]}:
        realm["versions"][("commitment", cid)] = admin(f"/commitments/{cid}")["version"]
    realm["cadreNo"] = admin(f"/members/{contacts[0]['memberId']}")["memberNo"] if contacts else member["memberNo"]
    realm["orgCode"], realm["parentCode"] = org["code"], admin.org(root)["code"]
    realm["searches"] = [("/organizations/search", org["name"]), ("/members/search", member["name"]), ("/members/search", member["memberNo"])]
    return realm


def above_realm(admin, neighbour, parent_id):
    """The actors' own parent organization, for the routes that take an organization."""
    realm = copy.deepcopy(neighbour)
    parent = admin(f"/organizations/{parent_id}")
    realm.update(name="above", organization=parent_id, parent=parent_id, orgCode=parent["code"], parentCode=parent["code"])
    realm["records"]["organization"] = parent
    realm.pop("notes", None)
    realm["versions"][("organization", parent_id)] = parent["version"]
    return realm


def missing_realm():
    realm = {k: MISSING for k in ("organization", "parent", "org2", "move_to", "member", "commitment", "evidence", "round", "entry",
                                  "supervision", "contact", "user")}
    realm.update(name="missing", by_state={}, records={}, versions={}, cadreNo="SW-NONE-0000", orgCode="SW-NONE", parentCode="SW-NONE",
                 session="0123456789abcdef")
    return realm


# --------------------------------------------------------------------------------------------- spec

class Spec:
    def __init__(self, document):
        self.doc = document

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            target = self.doc
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = target
        return node

    def schema(self, node):
        """A schema with its $ref resolved and its allOf merged."""
        node = self.resolve(node) or {}
        if "allOf" not in node:
            return node
        merged = {"type": "object", "properties": {}, "required": []}
        for part in map(self.schema, node["allOf"]):
            merged["properties"].update(part.get("properties", {}))
            merged["required"] += part.get("required", [])
        return merged

    def operations(self):
        for path, item in self.doc["paths"].items():
            for method, op in item.items():
                if method in ("get", "post", "put", "patch", "delete"):
                    params = [self.resolve(p) for p in item.get("parameters", []) + op.get("parameters", [])]
                    yield method.upper(), path, op, params

    def json_body(self, op):
        request = self.resolve(op.get("requestBody")) or {}
        return request.get("content", {}).get("application/json", {}).get("schema")

    def field_names(self, node, depth=0):
        """Every property name in a schema, nested ones too (a few levels: some schemas recurse)."""
        node = self.schema(node)
        if depth > 3 or not node:
            return set()
        names = set(node.get("properties", {}))
        for sub in list(node.get("properties", {}).values()) + [node.get("items", {})]:
            names |= self.field_names(sub, depth + 1)
        return names

    def names_a_thing(self, path, op, params):
        """Whether an operation takes an id in its path, query or body."""
        return (any(p["in"] == "path" for p in params) or any(p["name"] in FIELD_KINDS for p in params)
                or path.startswith("/import/") or bool(set(FIELD_KINDS) & self.field_names(self.json_body(op))))

    def about_organizations(self, path, op, params):
        """Whether an operation takes an organization: those are aimed at the actors' parent too."""
        return (path.startswith("/organizations") or path.startswith("/import/") or any(p["name"] == "organizationId" for p in params)
                or bool({"organizationId", "parentId"} & self.field_names(self.json_body(op))))


class Aim:
    """The requests of one operation aimed at one realm: path, query and body filled from the spec."""

    def __init__(self, spec, realm, world):
        self.spec, self.realm, self.world = spec, realm, world

    def id_of(self, kind):
        return self.world[kind] if kind in ("campaign", "template") else self.realm.get(kind, MISSING)

    def requests(self, method, path, op, params):
        for values in self.path_values(method, path, params):
            for query in self.queries(params):
                for n, body in enumerate(self.bodies(method, path, op, values)):
                    url = path
                    for name, value in values.items():
                        url = url.replace("{" + name + "}", urllib.parse.quote(str(value)))
                    if query:
                        url += "?" + urllib.parse.urlencode(query)
                    # What makes this request itself, whatever realm it aims at: to compare with "missing".
                    variant = (method, path, tuple(v for k, v in sorted(values.items()) if not isinstance(v, int) and k != "sessionId"),
                               tuple(sorted(query)), n)
                    yield variant, url, body

    def path_values(self, method, path, params):
        """One filling per value of each enum path parameter."""
        kind = ID_KINDS.get(path.strip("/").split("/")[0])
        fills = [{}]
        for p in (p for p in params if p["in"] == "path"):
            schema, name = self.spec.schema(p.get("schema", {})), p["name"]
            if "enum" in schema:
                values = schema["enum"]
            else:
                values = [{"id": self.id_of(kind) if kind else MISSING, "templateId": self.world["template"], "year": self.world["year"],
                           "sessionId": self.realm.get("session", self.world["session"])}.get(name, MISSING if schema.get("type") == "integer" else "x")]
            fills = [dict(f, **{name: v}) for f in fills for v in values]
        if kind == "commitment" and "{id}" in path:
            for f in fills:
                step = f.get("action") or ("DELETE" if method == "DELETE" else path.split("/")[-1])
                f["id"] = next((self.realm["by_state"][s] for s in WANTED_STATES.get(step, []) if s in self.realm["by_state"]),
                               self.realm["commitment"])
        return fills

    def queries(self, params):
        """The required query parameters; an optional one that names a thing doubles the requests (without, with)."""
        required, optional = {}, {}
        for p in (p for p in params if p["in"] == "query"):
            schema, name = self.spec.schema(p.get("schema", {})), p["name"]
            if name in FIELD_KINDS:
                value = self.id_of(FIELD_KINDS[name])
            elif name in ("year", "period") and self.world[name] in schema.get("enum", [self.world[name]]):
                value = self.world[name]  # a half-year (2026-H2); a parameter of its own values (a report's h1/h2/annual) takes the first
            elif name == "role":
                value = "member"  # the grant the account made in find_realm holds
            elif "enum" in schema:
                value = schema["enum"][0]
            else:
                value = 1 if schema.get("type") == "integer" else "范围"
            if p.get("required"):
                required[name] = value
            elif name in FIELD_KINDS:
                optional[name] = value
        variants = [required]
        for name, value in optional.items():
            variants += [dict(v, **{name: value}) for v in variants]
        return variants

    def bodies(self, method, path, op, values):
        request = self.spec.resolve(op.get("requestBody"))
        if not request:
            return [None]
        if "application/json" not in request.get("content", {}):
            return [self.sheet(values.get("kind"))]
        kind = ID_KINDS.get(path.strip("/").split("/")[0])
        step = path.split("/")[-1]
        if step == "evaluation-settings":
            return [self.world["settings"]]  # the rules in force: a valid body
        fixed = {"/organizations": {"kind": "branch", "sector": "village"},
                 "/scoring-templates": {"title": "范围测试评分表", "maximum": 10, "children": [{"code": "SW.1", "title": "范围测试", "maximum": 10}]}}.get(path, {})
        if step == "move":
            fixed = {"parentId": self.realm["move_to"]}
        elif step == "transfer":
            fixed = {"organizationId": self.realm["org2"]}
        elif step == "leader-contacts":
            fixed = {"memberNo": self.realm["cadreNo"]}
        elif "{stage}" in path:
            fixed = {"scores": {code: 0 for code in self.world["leaves"]}, "comment": "范围测试"}
        elif "{action}" in path:
            fixed = {"note": "范围测试"}
        elif step == "{year}":  # an exemption: the reason any member but a leader or secretary may have
            fixed = {"reason": "special", "note": "范围测试：长期住院"}
        context = {"fixed": fixed, "version": self.realm["versions"].get((kind, values.get("id")), 1), "optional_ids": True,
                   "record": self.realm["records"].get(kind) if method in ("PUT", "PATCH") else None}
        full = self.value(self.spec.json_body(op), "", context, top=True)
        if path == "/commitments":  # exactly one of memberId (at a place) and organizationId
            return [{k: v for k, v in full.items() if k != "organizationId"}, {k: v for k, v in full.items() if k not in ("memberId", "placeId")}]
        # Optional ids (a member of the organization, the commitment a supervision is about) are
        # sent once without, so that the path's own thing is the only one out of scope, and once with.
        bare = self.value(self.spec.json_body(op), "", dict(context, optional_ids=False), top=True)
        return [bare, full] if bare != full else [full]

    def value(self, schema, name, context, top=False):
        schema = self.spec.schema(schema)
        if name in context["fixed"]:
            return context["fixed"][name]
        if name in FIELD_KINDS and schema.get("type") == "integer":
            return self.id_of(FIELD_KINDS[name])
        if name == "version":
            return context["version"]
        if context["record"] and name in context["record"]:
            return context["record"][name]
        if "enum" in schema:
            return schema["enum"][0]
        if schema.get("type") == "object" or "properties" in schema:
            out = {}
            for prop, sub in schema.get("properties", {}).items():
                wanted = (prop in schema.get("required", []) or prop == "version" or prop in context["fixed"]
                          or (prop in FIELD_KINDS and context["optional_ids"]))
                if wanted and not self.spec.schema(sub).get("readOnly"):
                    out[prop] = self.value(sub, prop, context if top else dict(context, record=None))
            return out
        if schema.get("type") == "array":
            return [self.value(schema.get("items", {}), name, dict(context, record=None))]
        year, today = self.world["year"], self.world["today"]
        if schema.get("type") == "integer":
            return year if name == "year" or name.endswith("Year") else FIELD_VALUES.get(name, schema.get("minimum", 1))
        if schema.get("type") == "number":
            return 1.0
        if schema.get("type") == "boolean":
            return False
        if schema.get("format") == "date":
            return FIELD_VALUES.get(name) or {"startsOn": f"{year}-01-01", "endsOn": f"{year}-12-31", "deadline": f"{year}-12-31"}.get(name, today)
        if name == "period":
            return self.world["period"]
        return FIELD_VALUES.get(name, "范围测试")

    def sheet(self, kind):
        """An import file whose only fault is the organization it names, outside the caller's scope."""
        if kind == "organizations":
            rows = [["组织编码", "组织名称", "组织类别", "所属领域", "上级组织编码"], ["SW-ORG-1", "范围测试党支部", "党支部", "村", self.realm["parentCode"]]]
        else:
            rows = [["党员编号", "姓名", "性别", "出生日期", "入党日期", "所在组织编码"],
                    ["SW-MEM-0001", "范围测试", "男", "1980-05-01", "2005-07-01", self.realm["orgCode"]]]
        return "\n".join(",".join(r) for r in rows).encode()


def skip_reason(method, path):
    return SKIPPED.get((method, path)) or (SKIPPED_PREFIX[1] if path.startswith(SKIPPED_PREFIX[0]) else None)


def signature(status, answer):
    """What a refusal tells: its status and message (for an import report, the reasons given)."""
    if isinstance(answer, dict) and "problems" in answer:
        return status, tuple(sorted(p.get("reasonEn", "") for p in answer["problems"]))
    return status, answer.get("detailEn") if isinstance(answer, dict) else answer


def refused(path, status, answer):
    """403 or 404 from the handler — not the router's 404 for a path it does not know, which would
    mean the walk missed the route. The one other refusal: the import checks the whole file first
    and answers 422 with every problem and nothing written (its documented contract), naming an
    organization code it cannot see exactly as one that does not exist (compared with "missing")."""
    if status == 404:
        return not (isinstance(answer, dict) and answer.get("detailEn") == "Not found")
    if path.startswith("/import/") and status == 422 and isinstance(answer, dict):
        return answer.get("created") == 0 and all(p.get("reasonEn") == "No organization has this code" for p in answer["problems"])
    return status in REFUSED


def search_leaks(tokens, realms, scope_paths, admin):
    """The searches answer 200 by design: given the name or number of a thing out of scope, they
    must find nothing outside the caller's scope."""
    findings = []
    for actor, token in tokens.items():
        for realm in realms:
            for route, q in realm["searches"]:
                status, found = call(f"{route}?q={urllib.parse.quote(q)}", token)
                leaked = [f for f in (found if status == 200 else []) if not inside(
                    admin.org(f["organizationId"] if route.startswith("/members") else f["id"])["path"], scope_paths)]
                if status not in (200, *REFUSED) or leaked:
                    findings.append((actor, realm["name"], f"GET /api/v1{route}?q={q}", None, status, leaked or found))
    return findings


def leaves(criterion):
    children = criterion.get("children") or []
    return [code for child in children for code in leaves(child)] if children else [criterion["code"]]


def walk(spec, realms, world, tokens, transcript):
    """Every operation not skipped, aimed at every realm, sent by every actor. Answers the findings
    (requests not refused), every answer by (actor, realm, variant), the statuses and what was skipped."""
    findings, answers, statuses, walked, skips = [], {}, {a: {} for a in tokens}, set(), {}
    for method, path, op, params in spec.operations():
        if skip_reason(method, path):
            skips[f"{method} {path}"] = skip_reason(method, path)
            continue
        walked.add(f"{method} {path}")
        for realm in realms:
            if not spec.names_a_thing(path, op, params) and realm is not realms[0]:
                continue  # names nothing (a campaign or a scoring template made from scratch): once is enough
            if realm["name"] == "above" and not spec.about_organizations(path, op, params):
                continue
            for variant, url, body in Aim(spec, realm, world).requests(method, path, op, params):
                for actor, token in tokens.items():
                    if isinstance(body, bytes):
                        status, answer = call(url, token, method, raw=body)
                    else:
                        status, answer = call(url, token, method, body)
                    shown = body.decode() if isinstance(body, bytes) else body
                    statuses[actor][status] = statuses[actor].get(status, 0) + 1
                    answers[(actor, realm["name"], variant)] = (signature(status, answer), url)
                    print(json.dumps({"actor": actor, "realm": realm["name"], "request": f"{method} {url}", "body": shown,
                                      "status": status, "answer": answer}, ensure_ascii=False), file=transcript)
                    if not refused(path, status, answer):
                        findings.append((actor, realm["name"], f"{method} /api/v1{url}", shown, status, answer))
    return findings, answers, statuses, walked, skips


def oracles(answers):
    """A thing out of scope must be refused exactly as a thing that does not exist: same status, same message."""
    told = []
    for (actor, realm, variant), (sig, url) in answers.items():
        missing = answers.get((actor, "missing", variant))
        if realm != "missing" and missing and missing[0] != sig:
            told.append(f"{actor}: {variant[0]} {url} -> {sig}, but {variant[0]} {missing[1]} -> {missing[0]}")
    return told


# --------------------------------------------------------------------------------------------- test

def test_secretary_and_member_find_nothing_outside_their_branch():
    started = time.monotonic()
    today = datetime.date.today()
    world = {"year": today.year, "today": today.isoformat(), "period": f"{today.year}-H{1 if today.month <= 6 else 2}"}
    with tempfile.TemporaryDirectory() as data:
        server = start(data)
        try:
            admin = Admin(today.year)
            tokens = {a: log_in(a) for a in ACTORS}
            me = {a: ok("/me", tokens[a]) for a in ACTORS}
            assert any(g["role"] == "branch_secretary" for g in me["secretary"]["grants"]), me["secretary"]
            assert me["member"]["memberId"] and {g["role"] for g in me["member"]["grants"]} == {"member"}, me["member"]
            scope_paths = [o["path"] for a in ACTORS for o in me[a]["scope"]]
            branch = admin.org(me["secretary"]["scope"][0]["id"])
            document = yaml.safe_load(urllib.request.urlopen(BASE + "/api/openapi.yaml", timeout=10).read())
            spec = Spec(document)

            # Where to aim: the township around the branch, another district, the branch's parent; and nowhere.
            lineage = [int(x) for x in branch["path"].strip("/").split("/")]
            township = lineage[-3] if len(lineage) >= 3 else lineage[0]
            districts = [o for o in admin(f"/organizations/{lineage[0]}/children?limit=500") if o["id"] != lineage[1]]
            far = next((o for o in districts if o["kind"] == "local_committee"), districts[0])["id"]
            neighbour = find_realm(admin, "neighbour", township, scope_paths, document["paths"], world["today"])
            realms = [neighbour, find_realm(admin, "far", far, scope_paths, document["paths"], world["today"]),
                      above_realm(admin, neighbour, branch["parentId"]), missing_realm()]

            # Things of no organization: the campaign, a scoring template and its criteria, the rules, admin's own session.
            world["campaign"] = admin("/campaigns")[0]["id"]
            template = admin("/scoring-templates")[0]
            world["template"], world["leaves"] = template["id"], leaves(template["criteria"])
            world["settings"] = admin(f"/evaluation-settings?year={today.year}")
            status, sessions = call("/me/sessions", admin.token) if "/me/sessions" in document["paths"] else (404, [])
            world["session"] = next((s["id"] for s in sessions if s.get("current")), "0123456789abcdef") if status == 200 else "0123456789abcdef"

            # Control: admin sees every thing aimed at, so a 404 below is the scope answering, not absence.
            for realm in realms[:3]:
                for kind, route in (("organization", "organizations"), ("member", "members"), ("commitment", "commitments"),
                                    ("round", "evaluations"), ("evidence", "evidence"), ("user", "users")):
                    if realm.get(kind, MISSING) != MISSING:
                        ok(f"/{route}/{realm[kind]}", admin.token)

            database = os.path.join(data, "vanguard.sqlite")
            before = settled_snapshot(database)
            assert sum(line.startswith("INSERT INTO") for line in before) > 10000, "the dump holds less than the demo city"
            with open(TRANSCRIPT or os.devnull, "w") as transcript:
                findings, answers, statuses, walked, skips = walk(spec, realms, world, tokens, transcript)
            told = oracles(answers)
            findings += search_leaks(tokens, realms[:2], scope_paths, admin)
            after = snapshot(database)
            # The actors were refused, not logged out; admin's session (aimed at by DELETE /me/sessions/{id}) still works.
            for who, token in dict(tokens, admin=admin.token).items():
                status, answer = call("/me", token)
                if status != 200:
                    findings.append((who, "after the walk", "GET /api/v1/me", None, status, answer))
        finally:
            server.kill()
            server.wait()

    changed = differences(before, after)
    print(f"\nscope walk: {len(walked)} operations walked, {len(skips)} skipped, aimed at "
          + ", ".join(f"{r['name']} (organization {r['organization']})" for r in realms) + f"; {time.monotonic() - started:.0f} s")
    for actor in ACTORS:
        print(f"  {actor}: {sum(statuses[actor].values())} requests, answered "
              + ", ".join(f"{s} ×{n}" for s, n in sorted(statuses[actor].items())))
    for route, why in skips.items():
        print(f"  skipped {route}: {why}")
    for note in (n for r in realms for n in r.get("notes", [])):
        print(f"  NOTE {note}")
    print(f"  database: {len(before)} lines dumped before the walk and {len(after)} after, {len(changed)} differ")
    for actor, realm, request, body, status, answer in findings:
        print(f"  FINDING {actor} [{realm}] {request} body={json.dumps(body, ensure_ascii=False)} -> {status} "
              f"{json.dumps(answer, ensure_ascii=False)[:300]}")
    for line in told:
        print(f"  ORACLE {line}")
    for line in changed:
        print(f"  CHANGED {line}")
    assert not findings, f"{len(findings)} requests out of scope were not refused with 403/404 (FINDING lines above)"
    assert not told, f"{len(told)} refusals tell a thing out of scope from a missing one (ORACLE lines above)"
    assert not changed, "the walk changed the database:\n" + "\n".join(changed)
