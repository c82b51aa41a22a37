"""ui/cache.py: a view read by every session is worked out once and handed out as it is."""

from __future__ import annotations

import threading
import time

from ui.cache import shared


def test_a_view_is_worked_out_once_and_shared_not_copied():
    made = []

    @shared(max_entries=4)
    def view(url: str, version: str) -> list[str]:
        made.append((url, version))
        return [url, version]

    first = view("sqlite:///a", "1")
    assert view("sqlite:///a", "1") is first
    assert view("sqlite:///a", "2") == ["sqlite:///a", "2"]
    assert made == [("sqlite:///a", "1"), ("sqlite:///a", "2")]


def test_sessions_asking_together_for_a_new_version_work_it_out_once():
    made = []

    @shared(max_entries=4)
    def slow(version: str) -> object:
        made.append(version)
        time.sleep(0.2)
        return object()

    got = []
    threads = [threading.Thread(target=lambda: got.append(slow("7"))) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert made == ["7"]
    assert len(got) == 20 and all(g is got[0] for g in got)


def test_old_versions_are_let_go_beyond_the_bound():
    made = []

    @shared(max_entries=2)
    def view(version: str) -> str:
        made.append(version)
        return version

    for version in ("1", "2", "3", "1"):
        view(version)
    assert made == ["1", "2", "3", "1"]  # "1" was dropped to keep two, so made again


def test_new_views_are_kept_out_of_full_collections_once_things_are_quiet():
    import gc

    from ui.cache import Settler

    settler = Settler(quiet=0.05)
    try:
        views = [[str(i)] for i in range(10_000)]  # a cached frame's worth of tracked objects
        settler.touch()
        settler.touch()  # a burst of new views settles once, after it
        deadline = time.monotonic() + 5
        while settler.settled == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)
        assert settler.settled == 1
        assert gc.get_freeze_count() >= len(views)
        settler.touch()
        deadline = time.monotonic() + 5
        while settler.settled == 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert settler.settled == 2
    finally:
        gc.unfreeze()
