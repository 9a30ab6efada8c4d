"""Issue 12 item 4, the last wall: a time budget on one file's conversion.

A file that takes longer than the budget is rejected with "conversion took over N s",
in a log line naming it, and the other files of the batch are converted: in the build's
own process and in the forked pool workers ingest uses for large batches."""
import logging
import re
import sys
import time

import pytest

from wire import budget, convert, ingest

STORY = ("Acme opens plant\n\nWASHINGTON, March 3, 2026 (Reuters) - Acme Corp opened a new plant "
         "in Ohio on Monday, the company said in a statement.\n")


def test_budget_stops_pure_python():
    with budget.limit(30):      # the first use loads the converter's tables, outside any budget
        pass
    start = time.process_time()
    with pytest.raises(convert.Rejected, match=r"^conversion took over 0\.2 s$"):
        with budget.limit(0.2):
            while True:
                pass
    assert time.process_time() - start < 2


def test_budget_stops_a_backtracking_pattern():
    # (a+)+$ on "aaa...b" is exponential; the alarm interrupts the regex engine itself
    with pytest.raises(convert.Rejected, match="conversion took over"):
        with budget.limit(0.2):
            re.match(r"(a+)+$", "a" * 60 + "b")


def test_an_alarm_lost_in_a_finalizer_still_rejects(monkeypatch):
    # A signal handler runs wherever the interpreter is; in a finalizer Python prints its
    # exception and drops it ("Exception ignored in ..."). The verdict must not depend on
    # where the alarm landed: the file is over its budget.
    class Slow:
        def __del__(self):
            end = time.monotonic() + 0.4
            while time.monotonic() < end:
                pass

    dropped = []
    monkeypatch.setattr(sys, "unraisablehook", dropped.append)   # what Python does: print, go on
    with budget.limit(30):
        pass
    with pytest.raises(convert.Rejected, match=r"^conversion took over 0\.1 s$"):
        with budget.limit(0.1):
            Slow()      # collected at once: its __del__ runs past the budget, inside the block
    assert dropped      # the alarm did land in the finalizer


def test_the_budget_is_cpu_time_not_wall_time():
    """A loaded machine (here: a block that waits) must not reject a file a quiet one
    converts: whether a story is published may not depend on the load, and a file rejected
    in one run and converted in the next would take its slug out of the drop folder's order."""
    with budget.limit(30):
        pass
    with budget.limit(0.2):
        time.sleep(0.6)          # wall time, no CPU: not charged
    cpu = time.process_time()
    with pytest.raises(convert.Rejected, match="conversion took over"):
        with budget.limit(0.2):
            while True:
                pass
    assert time.process_time() - cpu < 1.5


def test_budget_leaves_fast_work_alone_and_disarms():
    import signal

    with budget.limit(5):
        total = sum(range(1000))
    assert total == 499500
    assert signal.getitimer(budget.TIMER) == (0.0, 0.0)


def test_budget_restores_an_outer_timer():
    import signal

    signal.setitimer(budget.TIMER, 50)
    try:
        with budget.limit(1):
            pass
        remaining, _ = signal.getitimer(budget.TIMER)
        assert 40 < remaining <= 50.1      # a CPU timer counts in clock ticks (up to 10 ms)
    finally:
        signal.setitimer(budget.TIMER, 0)


def _big_story() -> bytes:
    # real-looking copy up to the size limit (2 MiB): a few tenths of a second of honest
    # work, far over a 0.05 s budget, and within the default budget
    unit = (STORY + "\n" + "The plant will employ many people from the region, Acme said. " * 60 + "\n").encode()
    return unit * (convert.DEFAULT_MAX_BYTES // len(unit))


@pytest.mark.parametrize("workers", [1, 2])
def test_ingest_rejects_the_slow_file_and_converts_the_rest(tmp_path, monkeypatch, caplog, workers):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    seeds.mkdir()
    (seeds / "big.txt").write_bytes(_big_story())
    for i in range(3):
        (seeds / f"ok-{i}.txt").write_text(STORY.replace("Ohio", f"Ohio {i}"))
    monkeypatch.setattr(budget, "CONVERSION_SECONDS", 0.05)
    monkeypatch.setattr(ingest, "PARALLEL_FROM", 1)        # the pool, forked, even for four files
    caplog.set_level(logging.INFO, logger="wire")
    report = ingest.ingest_folder(seeds, content, workers=workers)
    assert report.rejected == [("big.txt", "conversion took over 0.05 s")]
    assert sorted(report.converted) == ["ok-0.txt", "ok-1.txt", "ok-2.txt"]
    assert len(list((content / "releases").glob("*.md"))) == 3
    lines = [r.getMessage() for r in caplog.records if "big.txt" in r.getMessage()]
    assert lines == [f"wire ingest: rejected {seeds / 'big.txt'}: conversion took over 0.05 s"]


def test_the_default_budget_converts_the_big_file(tmp_path):
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    seeds.mkdir()
    (seeds / "big.txt").write_bytes(_big_story())
    report = ingest.ingest_folder(seeds, content, workers=1)
    assert report.converted == ["big.txt"] and not report.rejected
