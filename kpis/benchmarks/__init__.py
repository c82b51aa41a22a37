"""DfE published benchmarks: import LAIT, EES and neighbour files; compare (charts: .charts)."""

from kpis.benchmarks.areas import merge_areas, read_la_code_list
from kpis.benchmarks.comparators import (
    COMPARATORS,
    authority_comparators,
    comparators,
    export_table,
    latest,
    national_rank,
    quartile_band,
)
from kpis.benchmarks.dataset import BenchmarkData, combine
from kpis.benchmarks.ees import read_ees
from kpis.benchmarks.errors import BenchmarkFileError
from kpis.benchmarks.lait import read_lait, read_lait_dictionary
from kpis.benchmarks.mapping import build_benchmarks
from kpis.benchmarks.neighbours import read_neighbours
from kpis.benchmarks.result import ImportResult, Kind
from kpis.benchmarks.shipped import load_shipped, read_shipped, write_shipped
from kpis.benchmarks.sniff import read_all, read_any, sniff

__all__ = [
    "COMPARATORS",
    "BenchmarkData",
    "BenchmarkFileError",
    "ImportResult",
    "Kind",
    "authority_comparators",
    "build_benchmarks",
    "combine",
    "comparators",
    "export_table",
    "latest",
    "load_shipped",
    "merge_areas",
    "national_rank",
    "quartile_band",
    "read_all",
    "read_any",
    "read_ees",
    "read_la_code_list",
    "read_lait",
    "read_lait_dictionary",
    "read_neighbours",
    "read_shipped",
    "sniff",
    "write_shipped",
]
