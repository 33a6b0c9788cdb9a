"""The site's page renderer: records and a check result in, ``{uri: Markdown text}`` out.

Pure: no MkDocs imports, no file system access, so that the MkDocs plugin, ``yuqing
render-pages`` and any other static-site generator can use it. Links between pages are
relative links to ``.md`` files; badges and charts are inline HTML/SVG with ``yq-`` CSS
classes (styled by ``yuqing/site/assets/yuqing.css``); index tables are made sortable and
filterable by ``yuqing/site/assets/yuqing.js`` through a ``<div class="yq-filter">`` marker.

Git history is optional: pass ``history={record path: [Revision(date, author, message), …]}``
and each incident and review page gets a 修订历史 section.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from yuqing.compliance import Compliance
from yuqing.engine import Result
from yuqing.models import Org, Policy
from yuqing.overdue import falling_due
from yuqing.privacy import mask_personal_data
from yuqing.render import (
    calendar,
    duties,
    form,
    home,
    incidents,
    organisation,
    reviews,
    rules,
    signals,
    stats,
    training,
)
from yuqing.render.form import FORM, Repository
from yuqing.render.model import (
    CASES,
    DUTIES,
    HOME,
    INCIDENTS,
    LEADING_GROUP,
    QUICK_CARD,
    REVIEWS,
    RULES,
    SIGNALS,
    STATS,
    TRAININGS,
    Revision,
    Site,
    build_site,
    rule_uri,
)
from yuqing.rules import RULES as RULE_MODULES

__all__ = ["CALENDAR", "FIXED_PAGES", "FORM", "Repository", "Revision", "Site", "build_site", "record_pages",
           "render_calendars", "render_form_files", "render_pages"]

CALENDAR = calendar.PAGE

#: The pages every site has (record pages come on top), in navigation order.
TODO = home.TODO
LAPSES = stats.LAPSES
FIXED_PAGES = (HOME, TODO, LEADING_GROUP, DUTIES, CALENDAR, INCIDENTS, SIGNALS, REVIEWS, STATS, LAPSES, RULES, QUICK_CARD,
               CASES, TRAININGS, FORM)
#: Where the per-record pages live (they stay out of the navigation).
RECORD_DIRS = ("incidents/", "reviews/", "monitoring/")


def render_pages(org: Org, policy: Policy, result: Result, *, compliance: Compliance | None = None,
                 history: Mapping[str, Sequence] | None = None, pages: set[str] | frozenset[str] = frozenset(),
                 rule_modules=None, recorded: Mapping[str, Mapping] | None = None,
                 lacked: Mapping[str, Mapping] | None = None,
                 repository: Repository | None = None, site_url: str | None = None) -> dict[str, str]:
    """Every generated page as ``{docs-relative uri: Markdown}``.

    ``pages`` names hand-written pages that exist (the home page links to some of them when
    present). ``history`` maps a record path (``incidents/2024/X.md``) to its revisions;
    ``recorded`` maps it to ``{(list name, index): time the entry was first committed}``, ``lacked``
    to ``{(list name, index): time of the earlier version that lacked the entry}`` (the 补记 badge).
    ``repository`` (see :func:`yuqing.render.form.repository`) is where the 填报 page's "open on the
    platform" button goes; without it the page says why there is no such button. ``site_url`` (the
    site's address) lets the 日程订阅 page write the feeds' full addresses.
    """
    site = build_site(org, policy, result, compliance, history, recorded, lacked)
    rule_modules = RULE_MODULES if rule_modules is None else rule_modules
    out: dict[str, str] = {
        HOME: home.home_page(site, pages),
        TODO: home.todo_page(site),
        LEADING_GROUP: organisation.leading_group_page(org, pages),
        DUTIES: duties.duties_page(org, policy),
        CALENDAR: calendar.calendar_page(org, site_url, len(falling_due(result, org=org, policy=policy, signals=True))),
        INCIDENTS: incidents.index_page(site),
        SIGNALS: signals.index_page(site),
        REVIEWS: reviews.index_page(site),
        STATS: stats.stats_page(site),
        LAPSES: stats.lapses_page(site),
        RULES: rules.index_page(rule_modules, policy),
        QUICK_CARD: training.quick_card_page(org, policy),
        CASES: training.cases_page(site),
        TRAININGS: training.records_page(site),
        FORM: form.form_page(site, repository),
    }
    for rule in rule_modules:
        out[rule_uri(rule.ID)] = rules.rule_page(rule, policy)
    for view in site.incidents:
        out[view.uri] = incidents.incident_page(site, view)
    for review in site.reviews:
        out[review.uri] = reviews.review_page(site, review)
    for signal in site.signals:
        out[signal.uri] = signals.signal_page(site, signal)
    # the last guard: no page carries a citizen's number, whatever a record or a check missed
    return {uri: mask_personal_data(page, org.public_phones) for uri, page in out.items()}


def render_calendars(org: Org, policy: Policy, result: Result, *, site_url: str | None = None,
                     directory_urls: bool = True) -> dict[str, bytes]:
    """The calendar feeds (RFC 5545) as ``{site-relative path: bytes}``: see :mod:`yuqing.render.calendar`."""
    site = build_site(org, policy, result)
    uris = {identifier: view.uri for identifier, view in site.by_id.items()}
    return calendar.calendar_files(org, policy, result, uris, site_url, directory_urls)


def render_form_files(org: Org, policy: Policy, result: Result) -> dict[str, bytes]:
    """The 填报 page's per-record data (``form/records/<id>.json``, ``form/signals/<id>.json``) as
    ``{site-relative path: bytes}``: see :func:`yuqing.render.form.record_files`. Masked as the pages are."""
    site = build_site(org, policy, result)
    return {path: mask_personal_data(content.decode("utf-8"), org.public_phones).encode("utf-8")
            for path, content in form.record_files(site).items()}


def record_pages(pages: Mapping[str, str]) -> set[str]:
    """The uris of per-record pages (incidents, reviews and signals), which stay out of the navigation."""
    return {uri for uri in pages if uri.startswith(RECORD_DIRS) and uri not in (INCIDENTS, REVIEWS, SIGNALS)}
