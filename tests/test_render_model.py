"""The renderer's index of a check: page addresses, reviews attached, invalid records, revisions."""

from __future__ import annotations

from datetime import datetime

from conftest import TZ
from recordkit import GRAVE_ID, grave, review, to_markdown, to_yaml
from sitekit import NOW, RESTRICTED_ID, render, write_verdict_repo
from yuqing.render.model import Revision, build_site, is_restricted_data


def test_every_incident_and_review_gets_its_own_page(repo):
    write_verdict_repo(repo)
    site, _ = render(repo)
    assert len(site.incidents) == 9
    assert {v.uri for v in site.incidents} == {f"incidents/2024/{v.id}.md" for v in site.incidents}
    first = site.by_id[GRAVE_ID]
    assert [r.uri for r in first.reviews] == [f"reviews/2024/{GRAVE_ID}.md"]
    assert first.reviews[0].incident is first
    # newest first
    assert site.incidents[0].incident.discovered_at >= site.incidents[-1].incident.discovered_at
    assert site.by_id[RESTRICTED_ID].restricted and not first.restricted


def test_a_yml_and_an_md_record_of_one_stem_do_not_share_a_page(repo):
    repo.write(f"incidents/2024/{GRAVE_ID}.md", to_markdown(grave()))
    repo.write(f"incidents/2024/{GRAVE_ID}.yml", to_yaml(grave()))
    site, pages = render(repo)
    uris = sorted(v.uri for v in site.incidents)
    assert uris == [f"incidents/2024/{GRAVE_ID}-2.md", f"incidents/2024/{GRAVE_ID}.md"]
    assert all(uri in pages for uri in uris)


def test_invalid_records_are_kept_apart_and_orphan_reviews_have_no_incident(repo):
    repo.write("incidents/2024/YZMZ-2024-0002.md", to_markdown(grave(id="YZMZ-2024-0002", level="特大")))
    repo.write("incidents/2024/YZMZ-2024-0003.review.md", to_markdown(review("YZMZ-2024-0003")))
    site, _ = render(repo)
    assert [record.path for record, _ in site.invalid] == ["incidents/2024/YZMZ-2024-0002.md"]
    assert site.invalid[0][1] and site.invalid[0][1][0].rule == "YQ003"
    assert site.reviews[0].incident is None


def test_restricted_wish_of_an_invalid_record_is_respected(repo):
    repo.write("incidents/2024/YZMZ-2024-0002.md",
               to_markdown(grave(id="YZMZ-2024-0002", level="特大", visibility="restricted")))
    site, _ = render(repo)
    assert is_restricted_data(site.invalid[0][0])


def test_revisions_accept_tuples_mappings_and_objects(repo):
    write_verdict_repo(repo)
    when = datetime(2024, 8, 26, 10, 0, tzinfo=TZ)

    class GitRevision:  # the shape of yuqing.git.Revision
        def __init__(self):
            self.time, self.author, self.message = when, "王芳", "登记"

    path = f"incidents/2024/{GRAVE_ID}.md"
    history = {path: [(when, "刘洋", "新建"), {"date": when, "author": "王芳", "message": "补记"}, GitRevision()]}
    from recordkit import run

    result = run(repo, NOW)
    workspace = repo.workspace()
    site = build_site(workspace.org, workspace.policy, result, history=history)
    assert site.revisions(path) == [Revision(when, "刘洋", "新建"), Revision(when, "王芳", "补记"),
                                    Revision(when, "王芳", "登记")]
    assert site.revisions("incidents/2024/other.md") == []
    assert build_site(workspace.org, workspace.policy, result).revisions(path) is None
