"""Per-file work spread over worker processes (one per core), results in input order."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

_T = TypeVar("_T")
_R = TypeVar("_R")
Progress = Callable[[int, int], None]  # (files done, files in all)


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def chunked(items: Sequence[_T], jobs: int, most: int = 16) -> list[list[_T]]:
    """Items in chunks: about eight per worker (for an even spread), at most `most` items each."""
    size = max(1, min(most, len(items) // (jobs * 8)))
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def run_chunks(func: Callable[[list[_T]], list[_R]], chunks: list[list[_T]], jobs: int, *,
               initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = (),
               done: Callable[[int], None] | None = None,
               meanwhile: Callable[[], None] | None = None) -> list[_R] | None:
    """func(chunk) for every chunk in `jobs` processes; the results flattened in chunk order.

    `done(n)` is called with the number of items finished as chunks complete. `meanwhile()` runs in
    this process while the workers work (after every chunk is handed out), before results are collected. Workers are forked
    where the platform can (they inherit the loaded configuration), else spawned. None if the
    pool broke (a worker died): the caller then does the work itself.
    """
    import multiprocessing  # here, not at the top: off the start-up path of single-file commands
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    results: list[list[_R]] = [[] for _ in chunks]
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                                 initializer=initializer, initargs=initargs) as pool:
            futures = {pool.submit(func, chunk): i for i, chunk in enumerate(chunks)}
            if meanwhile is not None:
                meanwhile()
            for fut in as_completed(futures):
                i = futures[fut]
                results[i] = fut.result()
                if done:
                    done(len(chunks[i]))
    except BrokenProcessPool:
        return None
    return [r for chunk in results for r in chunk]
