"""The one storage module: every read and write of published figures goes through Store."""

from kpis.store.engine import DEFAULT_URL, database_url
from kpis.store.store import PublishResult, RollbackRefused, Store

__all__ = ["DEFAULT_URL", "PublishResult", "RollbackRefused", "Store", "database_url"]
