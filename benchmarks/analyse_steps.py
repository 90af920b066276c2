"""Where does `replyscope analyse` spend its CPU? Per step, in one process, then with the side processes.

    PYTHONPATH=src python benchmarks/analyse_steps.py [FILE ...]      # default: samples/replies.xlsx

First run: everything in this process (REPLYSCOPE_SERIAL=1), each step's CPU and wall time
(time.process_time / perf_counter around the library functions the command calls; imports
count in the step that first needs them). Second run, in a fresh interpreter: side processes
allowed, as the command runs by default: this process's CPU, and for each side process its CPU
(from rusage) and how long this process waited for it. On a shared machine compare CPU times.
"""

import functools
import importlib
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEPS = """replyscope.importers:load_replies replyscope.own_text:abuse_scores replyscope.own_text:tone_and_copies
replyscope.languages:detect_languages replyscope.text:tokenise_replies
replyscope.analyses.themes:code_replies replyscope.analyses.abuse:flag_abuse replyscope.discover:missing_themes
replyscope.analyses.words:count_words replyscope.analyses.word_views:key_word_views replyscope.analyses.tone:analyse_tone
replyscope.analyses.campaigns:copies_for_shares replyscope.analyses.references:analyse_references
replyscope.analyses.links:analyse_links replyscope.analyses.accounts:analyse_accounts
replyscope.analyses.hashtags:analyse_hashtags replyscope.analysis:analyse replyscope.reporters.output:prepare_writing
replyscope.reporters.tables:write_csv replyscope.reporters.output:_write_key_word_cloud
replyscope.reporters.output:theme_figures replyscope.reporters.output:_write_theme_clouds
replyscope.reporters.output:_write_workbook_svg_and_hashtag_files replyscope.reporters.tables:write_xlsx replyscope.reporters.output:report_context
replyscope.reporters.html:render_report replyscope.reporters.output:_write_briefing
replyscope.reporters.output:write_outputs""".split()


def timed_steps() -> dict:
    """Wrap each step wherever replyscope's modules refer to it; return name -> [calls, CPU s, wall s]."""
    totals = defaultdict(lambda: [0, 0.0, 0.0])

    def timed(name, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            cpu, wall = time.process_time(), time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                entry = totals[name]
                entry[0] += 1
                entry[1] += time.process_time() - cpu
                entry[2] += time.perf_counter() - wall
        return wrapper

    for step in STEPS:
        module_name, attribute = step.split(":")
        function = getattr(importlib.import_module(module_name), attribute)
        wrapper = timed(step.split(".")[-1], function)
        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith("replyscope"):
                for name, value in list(vars(module).items()):
                    if value is function:
                        setattr(module, name, wrapper)
    return totals


def side_processes() -> list:
    """Record, for each side process this process waits for, (forked, waited s, child CPU s)."""
    from replyscope import side_process
    waits, result = [], side_process.Beside.result

    def recorded(self):
        forked, wall = self._child["pid"] is not None, time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        value = result(self)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        waits.append((forked, time.perf_counter() - wall,
                      after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime))
        return value
    side_process.Beside.result = recorded
    return waits


def run(files: list[str], serial: bool) -> None:
    os.environ["REPLYSCOPE_SERIAL"] = "1" if serial else "0"
    started_cpu, started = time.process_time(), time.perf_counter()
    from replyscope.cli import main
    totals = timed_steps() if serial else None
    waits = None if serial else side_processes()
    with tempfile.TemporaryDirectory() as folder:
        try:
            main(["analyse", *files, "--out", str(Path(folder) / "report"), "--quiet"])
        except SystemExit as stop:
            if stop.code:
                raise
    print(f"{'one process' if serial else 'with side processes'}: this process {time.process_time() - started_cpu:.2f} s "
          f"CPU, {time.perf_counter() - started:.2f} s wall (load average {os.getloadavg()[0]:.1f})")
    for name, (calls, cpu, wall) in (totals or {}).items():
        print(f"  {name:<45} {calls:>4}x {cpu:6.2f} s CPU {wall:6.2f} s wall")
    for number, (forked, waited, child_cpu) in enumerate(waits or [], start=1):
        print(f"  side process {number}: {'forked' if forked else 'not forked (done here)'}, {child_cpu:.2f} s CPU there, "
              f"waited for {waited:.2f} s")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--mode":
        run(sys.argv[3:], serial=sys.argv[2] == "serial")
    else:
        inputs = sys.argv[1:] or [str(ROOT / "samples" / "replies.xlsx")]
        for mode in ("serial", "forked"):  # each in a fresh interpreter, so imports count as they do for a user
            subprocess.run([sys.executable, __file__, "--mode", mode, *inputs], check=True)
