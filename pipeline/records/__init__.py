"""The records stage: mentions of one article → AwardRecords."""
from pipeline.records.builder import build_records

__all__ = ["build_records"]
