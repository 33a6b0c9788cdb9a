"""Pydantic v2 models of records, organisation and policy."""

from yuqing.models.incident import Incident
from yuqing.models.org import Org
from yuqing.models.policy import Obligation, Policy
from yuqing.models.review import Review
from yuqing.models.signal import Signal
from yuqing.models.training import Training
from yuqing.models.types import Level, ReportKind, Severity, Status, Visibility

__all__ = ["Incident", "Review", "Signal", "Training", "Org", "Policy", "Obligation", "Level", "ReportKind", "Severity", "Status",
           "Visibility"]
