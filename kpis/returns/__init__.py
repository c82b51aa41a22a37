"""DfE's own measures from the SSDA903 and CIN census returns (DESIGN §10)."""

from kpis.returns.model import CIN, SSDA903, ReadResult, Return
from kpis.returns.problems import ReturnProblem, ReturnsRejected, listed
from kpis.returns.reader import read_returns

__all__ = [
    "CIN",
    "SSDA903",
    "ReadResult",
    "Return",
    "ReturnProblem",
    "ReturnsRejected",
    "listed",
    "read_returns",
]
