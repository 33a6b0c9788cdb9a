"""填报: the form page that writes a new incident record, or an entry appended to a published one; and
likewise a new signal (研判预警, ``monitoring/``) or an assessment appended to a published one.

The page is Markdown with two raw HTML blocks: an empty ``<div id="yq-form">`` that
``yuqing/site/assets/yuqing-form.js`` (vendored, no network) fills with the form, and a hidden
``<div class="yq-form-data">`` whose text is the JSON the script reads (:func:`form_data`):

- ``org``: the id prefix, sections and their members, roles, outside bodies (schema/org.yml);
- ``policy``: every obligation's levels, kinds, recipients, start, within, every and level, the
  elements a written report and a final report must name, ``clock_start`` (schema/policy.yml),
  so that the live verdicts of the form and those of ``yuqing check`` come from the same data; and
  ``signals``: ``assess_within`` (seconds), the severity and the conclusions, for YQ314's verdict;
- ``template``: the incident template (``yuqing/templates/incident.md``), so that a new record is
  written in the layout ``yuqing new`` writes; ``signal_template`` the signal's (``signal.md``), in
  the layout of ``yuqing new --signal``;
- ``taken``: the highest number taken in each year by any record (restricted, invalid and orphan
  reviews included), for the next free id; ``signal_taken`` the same for the signals of ``monitoring/``;
- ``records``: the ids of the published (not restricted, valid) incidents, newest first; ``signals``
  the same of the published signals (研判预警, DESIGN §12). A restricted record gives its id and
  nothing else; ``restricted``, ``restricted_signals`` and ``withheld`` name the ids not offered;
- ``repo``: the code platform's new-file and edit addresses (mkdocs.yml's ``repo_url`` and
  ``edit_uri``), or why there is none.

The page holds nothing that grows with the records but those ids (issue 17): what a published record
offers to append to (its source text and the facts the verdicts need) is a file of its own,
``form/records/<name>.json`` (``form/signals/<name>.json`` for a signal; :func:`record_files`), which
the script fetches when the clerk picks the record. Both generators publish these files as they
publish the calendar feeds, and the site's manifest lists them.

The JSON is text of an element, not a script: ``<``, ``>`` and ``&`` are written as ``\\u003c``,
``\\u003e``, ``\\u0026``, so record text can neither end the element nor start any markup.
Pure: no MkDocs imports, no file system access beyond the package's own template.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from urllib.parse import urlsplit

from yuqing.layout import MONITORING_DIR, RECORDS_DIR, unit_name
from yuqing.models import Incident, Org, Policy
from yuqing.models.incident import Source, superseded
from yuqing.models.signal import Conclusion
from yuqing.render.model import SignalView, Site
from yuqing.timeparse import format_exact

FORM = "form.md"
#: Where each published record's data for the form is (site-relative; the script finds the site's root).
RECORDS_URI = "form/records"
SIGNALS_URI = "form/signals"

#: How a report is usually made (a suggestion list; anything may be typed).
REPORT_CHANNELS = ("电话", "当面", "OA", "政务钉钉", "短信", "微信")
PLATFORMS = ("github", "gitlab", "gitea")
PLATFORM_NAMES = {"github": "GitHub", "gitlab": "GitLab", "gitea": "Gitea"}


@dataclass(frozen=True)
class Repository:
    """Where the form's "open on the platform" button goes (see :func:`repository` for how mkdocs.yml gives it)."""

    platform: str | None  # github / gitlab / gitea; None: no button
    url: str = ""
    branch: str = "main"
    reason: str = ""  # why there is no button (Chinese)

    def as_data(self) -> dict:
        if self.platform is None:
            return {"platform": None, "reason": self.reason}
        url = self.url.rstrip("/")
        data = {"platform": self.platform, "name": PLATFORM_NAMES[self.platform], "url": url, "branch": self.branch}
        if self.platform == "github":
            data.update(new=f"{url}/new/{self.branch}/", edit=f"{url}/edit/{self.branch}/")
        elif self.platform == "gitea":
            data.update(new=f"{url}/_new/{self.branch}/", edit=f"{url}/_edit/{self.branch}/")
        else:  # GitLab takes no content in its address: the Web IDE opens, the clerk pastes
            parts = urlsplit(url)
            project = parts.path.strip("/")
            ide = f"{parts.scheme}://{parts.netloc}/-/ide/project/{project}/edit/{self.branch}/-/"
            data.update(new=ide, edit=ide)
        return data


_BRANCH = re.compile(r"(?:^|/)(?:-/)?(?:_?edit|blob|src/branch|tree)/([^/]+)")


def repository(repo_url: str | None, edit_uri: str | None = None, platform: str | None = None) -> Repository:
    """The platform and branch of the records repository, given by mkdocs.yml's ``repo_url`` and ``edit_uri``.

    The platform is ``platform`` when given (the plugin's ``platform`` option), else guessed from
    the host name (github, gitlab, gitea, codeberg, forgejo) or the shape of ``edit_uri``
    (``-/edit/`` GitLab, ``_edit/`` Gitea, ``edit/`` GitHub). The branch is the one ``edit_uri``
    names (``edit/main/docs/``), else ``main``.
    """
    if not repo_url or not re.match(r"^https?://[^/\s]+/\S+", repo_url.strip()):
        reason = ("网站配置（mkdocs.yml）中没有填写代码仓库地址 repo_url，本页无法直接打开代码平台的新建或编辑页面。"
                  "请用“下载文件”或“复制全文”，再到代码平台上新建或编辑文件。")
        if repo_url:
            reason = (f"网站配置（mkdocs.yml）中的 repo_url（{repo_url.strip()}）不是 http(s) 地址，本页无法打开代码平台。"
                      "请用“下载文件”或“复制全文”。")
        return Repository(None, reason=reason)
    url = repo_url.strip().rstrip("/")
    if url.endswith(".git"):
        url = url[:-4]
    edit = (edit_uri or "").strip()
    branch_match = _BRANCH.search(edit)
    branch = branch_match.group(1) if branch_match else "main"
    chosen = (platform or "").strip().lower() or None
    if chosen is None:
        host = urlsplit(url).netloc.lower()
        if "github" in host:
            chosen = "github"
        elif "gitlab" in host:
            chosen = "gitlab"
        elif any(word in host for word in ("gitea", "codeberg", "forgejo")):
            chosen = "gitea"
        elif "-/edit/" in edit or edit.startswith("-/"):
            chosen = "gitlab"
        elif "_edit/" in edit or "src/branch/" in edit:
            chosen = "gitea"
        elif edit.startswith("edit/") or "/edit/" in edit:
            chosen = "github"
    if chosen not in PLATFORMS:
        return Repository(None, url=url, reason=(
            f"无法从 repo_url（{url}）判断代码平台是 GitHub、GitLab 还是 Gitea，本页无法直接打开新建或编辑页面。"
            "请管理员在 mkdocs.yml 的 yuqing 插件下写明 platform（github、gitlab 或 gitea）；"
            "在此之前请用“下载文件”或“复制全文”。"))
    return Repository(chosen, url=url, branch=branch)


def _seconds(delta: timedelta | None) -> float | None:
    return delta.total_seconds() if delta is not None else None


def policy_data(policy: Policy) -> dict:
    """The obligations as the form's script evaluates them (times in seconds)."""
    obligations = {}
    elements: dict[str, list[str]] = {}
    for code, item in sorted(policy.obligations.items()):
        obligations[code] = {
            "title": item.title,
            "clause": item.clause,
            "levels": [level.value for level in item.levels],
            "kinds": [kind.value for kind in item.kinds],
            "recipients": list(item.recipients),
            "start": item.start,
            "within": _seconds(item.within),
            "every": _seconds(item.every),
            "level": item.level.value,
            "level_by_grade": {grade.value: severity.value for grade, severity in item.level_by_grade.items()},
        }
        for kind, names in item.elements.items():
            elements.setdefault(kind.value, [])
            elements[kind.value] += [name for name in names if name not in elements[kind.value]]
    signals = {"assess_within": _seconds(policy.signals.assess_within), "level": policy.signals.level.value,
               "conclusions": [conclusion.value for conclusion in Conclusion]}
    return {"clock_start": policy.clock_start, "obligations": obligations, "elements": elements, "signals": signals}


def org_data(org: Org) -> dict:
    offset = datetime(2000, 1, 1, tzinfo=org.tz).utcoffset() or timedelta(0)
    return {
        "name": org.name,
        "prefix": org.id_prefix,
        "office": org.office_section,
        "offset_minutes": int(offset.total_seconds() // 60),
        "roles": [role.name for role in org.roles],
        "sections": [{"name": s.name, "members": [m.name for m in s.members]} for s in org.sections],
        "external": list(org.external_bodies),
    }


def _time(moment: datetime | None, org: Org) -> str | None:
    return format_exact(moment, org.tz) if moment is not None else None


def record_facts(incident: Incident, org: Org) -> dict:
    """What the form's verdicts need of an existing record (corrected entries left out, as the rules do)."""
    dropped = superseded(incident.reports)
    return {
        "id": incident.id,
        "title": incident.title,
        "level": incident.level.value,
        "status": incident.status.value,
        "section": incident.section,
        "discovered_at": _time(incident.discovered_at, org),
        "occurred_at": _time(incident.occurred_at, org),
        "closed_at": _time(incident.closed_at, org),
        "drill": incident.drill,
        "tracking": incident.tracking.owner if incident.tracking is not None else None,
        "reports": [{"kind": r.kind.value, "at": _time(r.at, org), "to": list(r.to), "cc": list(r.cc),
                     "elements": sorted((r.elements or {}).keys())}
                    for index, r in enumerate(incident.reports) if index not in dropped],
        "responses": [{"at": _time(r.at, org), "approvals": [{"role": a.role, "at": _time(a.at, org)} for a in r.approvals]}
                      for r in incident.responses],
        "exceptions": [{"rule": e.rule} for e in incident.exceptions],
        "regradings": [{"at": _time(g.at, org), "to": g.to.value} for g in incident.regradings],
    }


def signal_facts(view: SignalView, org: Org) -> dict:
    """What the form shows of a published signal and what YQ314's verdict needs of it."""
    signal = view.signal
    return {
        "id": signal.id,
        "section": signal.section,
        "noticed_at": _time(signal.noticed_at, org),
        "noticed_by": signal.noticed_by,
        "summary": signal.summary,
        "assessments": [{"at": _time(a.at, org), "by": a.by, "conclusion": a.conclusion.value}
                        for a in signal.assessments],
        "incident": signal.incident,
    }


def _source(record) -> dict:
    return {"path": record.path, "format": "yml" if record.path.endswith((".yml", ".yaml")) else "md",
            "text": record.doc.text}


def _template(name: str) -> str:
    return resources.files("yuqing.templates").joinpath(name).read_text(encoding="utf-8")


def file_name(identifier: str) -> str:
    """The file name (without ``.json``) of a record's form data: the id, every character but ASCII letters,
    digits, ``-`` and ``_`` written ``~`` and six hex digits (the script names it the same way)."""
    return re.sub(r"[^A-Za-z0-9_-]", lambda m: f"~{ord(m.group()):06x}", identifier)


def _offered(site: Site) -> tuple[dict[str, tuple[str, object]], list[str]]:
    """``{id: (kind, view)}`` of every published record the form may append to (the first of an id taken
    twice), and the ids withheld for a YQ501–YQ503 finding."""
    offered: dict[str, tuple[str, object]] = {}
    withheld: list[str] = []
    for kind, views in (("incident", site.incidents), ("signal", site.signals)):  # each newest first
        for view in views:
            if view.restricted:
                continue
            if any(finding.rule in WITHHELD_RULES for finding in view.findings):
                withheld.append(view.id)  # its text carries what the site drops: not in the form's data either
                continue
            offered.setdefault(view.id, (kind, view))
    return offered, sorted(set(withheld))


def record_data(site: Site) -> dict[str, dict]:
    """Each published record's data for the form, as ``{site-relative path: data}``."""
    org = site.org
    data: dict[str, dict] = {}
    for identifier, (kind, view) in _offered(site)[0].items():
        facts = record_facts(view.incident, org) if kind == "incident" else signal_facts(view, org)
        uri = RECORDS_URI if kind == "incident" else SIGNALS_URI
        data[f"{uri}/{file_name(identifier)}.json"] = {"kind": kind, **facts, **_source(view.record)}
    return data


def record_files(site: Site) -> dict[str, bytes]:
    """:func:`record_data` as the files the site publishes (JSON inert in HTML, as the page's)."""
    return {path: embed_json(data).encode("utf-8") for path, data in record_data(site).items()}


def _highest(ids: set[str], pattern: re.Pattern) -> dict[str, int]:
    highest: dict[str, int] = {}
    for identifier in ids:
        if m := pattern.match(identifier):
            highest[m[1]] = max(highest.get(m[1], 0), int(m[2]))
    return dict(sorted(highest.items()))


def form_data(site: Site, repo: Repository | None = None, template: str | None = None) -> dict:
    """Everything the form's page holds: bounded data and ids only; restricted records give their id only."""
    org = site.org
    ids: set[str] = set()
    for view in site.incidents:
        ids.add(view.id)
        ids.add(unit_name(view.record.path))
    for review in site.reviews:
        ids.add(review.review.incident)
    for record, _ in site.invalid:  # their contents are not shown anywhere; their ids are taken all the same
        ids.add(unit_name(record.path))
    signal_ids: set[str] = {view.id for view in site.signals}
    for record in site.result.records:
        if record.kind in ("incident", "review") and record.path.startswith(RECORDS_DIR + "/"):
            ids.add(unit_name(record.path))
        elif record.path.startswith(MONITORING_DIR + "/"):  # valid or not, restricted or not: the id is taken
            signal_ids.add(unit_name(record.path))
    offered, withheld = _offered(site)
    prefix = re.escape(org.id_prefix)
    if template is None:
        template = _template("incident.md")
    return {
        "version": 2,
        "org": org_data(org),
        "policy": policy_data(site.policy),
        "channels": list(Source.model_fields["channel"].examples or []),
        "report_channels": list(REPORT_CHANNELS),
        "template": template,
        "signal_template": _template("signal.md"),
        "records_dir": RECORDS_DIR,
        "monitoring_dir": MONITORING_DIR,
        "records_uri": RECORDS_URI,
        "signals_uri": SIGNALS_URI,
        "taken": _highest(ids, re.compile(rf"^{prefix}-(\d{{4}})-(\d{{4}})$")),
        "signal_taken": _highest(signal_ids, re.compile(rf"^{prefix}-YJ-(\d{{4}})-(\d{{4}})$")),
        "records": [identifier for identifier, (kind, _) in offered.items() if kind == "incident"],
        "signals": [identifier for identifier, (kind, _) in offered.items() if kind == "signal"],
        "restricted": sorted(view.id for view in site.incidents if view.restricted),
        "restricted_signals": sorted(view.id for view in site.signals if view.restricted),
        "withheld": withheld,
        "repo": (repo or repository(None)).as_data(),
        "built_at": format_exact(site.now.replace(second=0, microsecond=0), org.tz),
    }


#: Records with a finding of these rules (personal data, unsafe markup, spam) are offered by id only:
#: their text holds what the site drops, so it is not in the page's data either.
WITHHELD_RULES = frozenset({"YQ501", "YQ502", "YQ503"})

_UNSAFE_IN_HTML = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def embed_json(data: object) -> str:
    """JSON that is inert as the text of an HTML element (and as a script's): no ``<``, ``>`` or ``&``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return re.sub(r"[<>&\u2028\u2029]", lambda m: _UNSAFE_IN_HTML[m.group()], text)


INTRO = """\
在本页填写表单，就能生成一份符合台账格式的事件记录文件，不需要了解文件格式，也不需要安装任何软件。
本页不连接外部网络，填写的内容只在你自己的浏览器中处理，不会发送到任何地方（刷新页面会清空）。

1. 选择 **登记新事件**，或 **在已有事件中追加**（续报、终报、对外回应、上报、级别变化、办结、情况说明）；
   监测发现苗头性、预警性信息的，选择 **登记预警信息**，研判后选择 **在预警信息中追加研判**；
2. 逐项填写。时间用日期时间选择框填写，写入文件时自动写成 `2024-08-26 09:20` 的格式；
3. 填写的同时，表单下方会按《预案》的时限（与合并请求的自动检查用的是同一份 `schema/policy.yml`）逐项显示
   **按时**、**超时**或**尚未到期**。超时的，请如实保留时间，并按提示填写情况说明；
4. 填好后，**下载文件**、**复制全文**，或直接**打开代码平台**的新建（编辑）页面，再按
   [提交指南](guide/submit.md)发起合并请求。合并请求的自动检查通过、局办公室审核后，记录才算正式登记。
"""

CAVEAT = """\
!!! note "关于编号"

    新事件（预警信息）的编号按本网站生成时（{built}）台账中已有的编号取下一个。如果有别的科室刚登记、尚未合并的事件，
    编号可能重复，合并请求的检查会提示（[YQ102](rules/YQ102.md)），改成下一个编号即可。
    受限记录（visibility: restricted）的内容不在本页中，不能在本页追加（研判），请在代码平台上直接编辑。
"""


def form_page(site: Site, repo: Repository | None = None, template: str | None = None) -> str:
    data = form_data(site, repo, template)
    out = [
        "# 填报", "",
        INTRO,
        CAVEAT.format(built=data["built_at"]),
        '<div id="yq-form" class="yq-form" data-search-exclude>',
        '<p class="yq-form-nojs">正在加载表单……如果一直没有出现，请确认浏览器允许本网站运行 JavaScript，'
        "或按提交指南直接在代码平台上编辑文件。</p>",
        "</div>", "",
        f'<div class="yq-form-data" hidden data-search-exclude>{embed_json(data)}</div>', "",
    ]
    return "\n".join(out)
