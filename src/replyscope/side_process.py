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
import weakref
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


# Work this process needs soon, done the next time it would otherwise sit waiting for a child.
_while_waiting: list[Callable[[], object]] = []


def while_waiting(task: Callable[[], object]) -> None:
    """Have `task` run here the next time this process waits for a child (never, if it never waits).

    For work needed soon anyway: the command line loads the report writers while the analysis
    waits for the themes a child proposes.
    """
    _while_waiting.append(task)


class Beside:
    """Run `work()` in a forked child now; `result()` waits for it, or runs `work()` here if it could not.

    `fork=False` (nothing worth a child) runs it here at `result()`. The value `work()` returns comes
    back pickled through a temporary file; files it writes should go into a folder the caller owns.
    A child still running when its Beside is left (an error, Ctrl+C: the `with` block ends, or the
    object is dropped) is stopped, so nothing it writes outlives the caller's clean-up.
    """

    def __init__(self, work: Callable[[], object], fork: bool = True):
        self._work = work
        self._child = {"pid": None, "returned": None}  # shared with the finaliser that stops it
        self._stop = None
        if not fork or not can_fork():
            return
        handle, name = tempfile.mkstemp(prefix="replyscope-side-", suffix=".pickle")
        os.close(handle)
        self._child["returned"] = Path(name)
        self._stop = weakref.finalize(self, _stop, self._child)
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError:  # no memory or process slots for a child: the caller does the work
            return
        if pid == 0:
            self._run_child()
        self._child["pid"] = pid

    def _run_child(self) -> None:
        """In the child: do the work, hand back its value, and leave without running any of the parent's cleanup."""
        status = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            gc.freeze()  # what the parent made is not garbage here: never walk (and so copy) it again
            value = self._work()
            self._child["returned"].write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            status = 0
        except BaseException:  # the parent does the work again itself and reports any error there
            pass
        finally:
            os._exit(status)

    def result(self):
        """The value of `work()`: the child's when it succeeded, else computed here."""
        pid = self._child["pid"]
        if pid is not None:
            while _while_waiting:
                _while_waiting.pop(0)()
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:  # reaped elsewhere (SIGCHLD ignored): its value cannot be trusted
                status = 1
            self._child["pid"] = None  # reaped: its number may belong to another process from now on
            try:
                if os.waitstatus_to_exitcode(status) == 0:
                    return pickle.loads(self._child["returned"].read_bytes())
            except (OSError, pickle.UnpicklingError, EOFError):
                pass
            finally:
                self._stop()
        return self._work()

    def __enter__(self) -> "Beside":
        return self

    def __exit__(self, *_) -> None:
        if self._stop is not None:
            self._stop()


def _stop(child: dict) -> None:
    """Stop and reap the child if it still runs; remove the file it hands its value back in."""
    if child["pid"] is not None:
        try:
            os.kill(child["pid"], signal.SIGKILL)
            os.waitpid(child["pid"], 0)
        except (ProcessLookupError, ChildProcessError):  # already gone and reaped
            pass
        child["pid"] = None
    child["returned"].unlink(missing_ok=True)
