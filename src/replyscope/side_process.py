"""One piece of work done in a second process beside the main one, where that is safe and can help.

Writing a report spends seconds on work that needs nothing but what is already in memory
(word clouds, the workbook). On a machine with a second CPU, a forked child does some of it
while the parent does the rest. A child is forked only where that is safe: on Linux (macOS
forks unsafely, Windows not at all), from a process running one thread (a child of a
threaded process, a notebook kernel say, could inherit a lock held forever) and with a second
CPU to run on; REPLYSCOPE_SERIAL=1 turns it off. Anywhere else, and whenever the child fails,
the caller does the work itself: results never depend on the child, only the time does.
"""

import gc
import os
import pickle
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

SERIAL_VARIABLE = "REPLYSCOPE_SERIAL"


def can_fork() -> bool:
    """Whether a forked child is safe here and has a CPU of its own to run on."""
    if not sys.platform.startswith("linux") or os.environ.get(SERIAL_VARIABLE, "") not in ("", "0"):
        return False
    if threading.active_count() > 1:
        return False
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return cpus > 1


class Beside:
    """Run `work()` in a forked child now; `result()` waits for it, or runs `work()` here if it could not.

    Use as a context manager, so a child still running when the block is left (an error, Ctrl+C)
    is stopped before anything it writes into is cleaned up. The value `work()` returns comes back
    pickled through a temporary file; write files from `work()` into a folder the caller owns.
    """

    def __init__(self, work: Callable[[], object]):
        self._work = work
        self._pid = None
        self._returned = None
        if can_fork():
            handle, name = tempfile.mkstemp(prefix="replyscope-side-", suffix=".pickle")
            os.close(handle)
            self._returned = Path(name)
            sys.stdout.flush()
            sys.stderr.flush()
            try:
                self._pid = os.fork()
            except OSError:  # no memory or process slots for a child: the caller does the work
                self._pid = None
            if self._pid == 0:
                self._run_child()

    def _run_child(self) -> None:
        """In the child: do the work, hand back its value, and leave without running any of the parent's cleanup."""
        status = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            gc.freeze()  # what the parent made is not garbage here: never walk (and so copy) it again
            value = self._work()
            self._returned.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            status = 0
        except BaseException:  # the parent does the work again itself and reports any error there
            pass
        finally:
            os._exit(status)

    def result(self):
        """The value of `work()`: the child's when it succeeded, else computed here."""
        if self._pid is not None:
            _, status = os.waitpid(self._pid, 0)
            self._pid = None
            if os.waitstatus_to_exitcode(status) == 0:
                try:
                    return pickle.loads(self._returned.read_bytes())
                except (OSError, pickle.UnpicklingError, EOFError):
                    pass
        return self._work()

    def __enter__(self) -> "Beside":
        return self

    def __exit__(self, *_) -> None:
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self._pid, 0)
            self._pid = None
        if self._returned is not None:
            self._returned.unlink(missing_ok=True)
