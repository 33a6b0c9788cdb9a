"""Where things are in the product repository (DESIGN §2), relative to its root, with forward slashes.

A module without imports, so that any module may use it.
"""

ORG_FILE = "schema/org.yml"
POLICY_FILE = "schema/policy.yml"
RECORDS_DIR = "incidents"
DOCS_DIR = "docs"
REVIEW_MARK = ".review"  # incidents/<YYYY>/<ID>.review.md is the review of <ID>
