"""The written report (书面报告, 终报) of an incident as a Word document laid out per GB/T 9704-2012.

:mod:`yuqing.report.context` picks the report and says what it holds, :mod:`yuqing.report.fill`
fills the office's template (docxtpl), :mod:`yuqing.report.make_template` makes the shipped one.
"""

from yuqing.report.context import FIELDS, KINDS, Filled, build
from yuqing.report.fill import TEMPLATES_DIR, TemplateError, fill, template_path
from yuqing.report.make_template import write_templates

__all__ = ["FIELDS", "KINDS", "TEMPLATES_DIR", "Filled", "TemplateError", "build", "fill", "template_path",
           "write_templates"]
