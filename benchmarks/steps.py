"""Where `replyscope analyse` spends its time and memory, step by step, in one process.

    REPLYSCOPE_SERIAL=1 PYTHONPATH=src python benchmarks/steps.py /tmp/replyscope-e2e/replies_100k.xlsx

Runs the command as the CLI does, with each step's function wrapped by a timer; prints,
per step in the order they first ran: calls, CPU seconds (process_time, the figure to
compare on a shared machine), wall seconds, the highest resident memory while it ran
(Linux: the kernel's peak is reset between steps) and the resident memory after it.
Times are inclusive: a step called inside another counts in both (the indented rows). REPLYSCOPE_SERIAL=1 keeps the work in this process, so it is all counted.
"""

import importlib
import sys
import tempfile
import time
from pathlib import Path

# (module, attribute): the names the callers look up at run time, so patching them times every call.
STEPS = [
    ("replyscope.importers", "load_replies"),
    ("replyscope.own_text", "abuse_scores"),
    ("replyscope.own_text", "tone_and_copies"),
    ("replyscope.analysis", "detect_languages"),
    ("replyscope.analysis", "tokenise_replies"),
    ("replyscope.analyses.themes", "code_replies"),
    ("replyscope.analyses.abuse", "flag_abuse"),
    ("replyscope.analysis", "rule_sources"),
    ("replyscope.analysis", "unmeasured_with_ratio"),
    ("replyscope.analysis", "missing_themes"),
    ("replyscope.analyses.words", "count_words"),
    ("replyscope.analyses.word_views", "key_word_views"),
    ("replyscope.analysis", "analyse_tone"),
    ("replyscope.analyses.campaigns", "copies_for_shares"),
    ("replyscope.analyses.campaigns", "find_copies"),
    ("replyscope.analyses.themes", "theme_summary"),
    ("replyscope.analyses.themes", "theme_likes"),
    ("replyscope.analyses.themes", "top_replies"),
    ("replyscope.analysis", "analyse_references"),
    ("replyscope.analysis", "analyse_links"),
    ("replyscope.analysis", "analyse_accounts"),
    ("replyscope.analysis", "analyse_hashtags"),
    ("replyscope.analyses.abuse", "abuse_summary"),
    ("replyscope.analysis", "analyse"),
    ("replyscope.analysis", "coded_for_export"),
    ("replyscope.reporters.output", "write_csv"),
    ("replyscope.reporters.output", "_write_key_word_cloud"),
    ("replyscope.reporters.output", "theme_figures"),
    ("replyscope.reporters.output", "_write_hashtag_files"),
    ("replyscope.reporters.output", "_write_theme_clouds"),
    ("replyscope.reporters.output", "write_xlsx"),
    ("replyscope.reporters.output", "_write_workbook_svg_and_hashtag_files"),
    ("replyscope.reporters.output", "report_context"),
    ("replyscope.reporters.output", "render_report"),
    ("replyscope.reporters.briefing", "write_briefing"),
    ("replyscope.reporters.output", "write_outputs"),
]

_CLEAR_REFS = Path("/proc/self/clear_refs")
_STATUS = Path("/proc/self/status")


def memory_mb() -> tuple[float, float]:
    """(resident now, peak resident since the last reset) in MB; zeros where /proc is absent."""
    if not _STATUS.exists():
        return 0.0, 0.0
    fields = dict(line.split(":", 1) for line in _STATUS.read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def reset_peak() -> None:
    try:
        _CLEAR_REFS.write_text("5")
    except OSError:
        pass


class Recorder:
    """Times wrapped calls; keeps each step's CPU, wall and the highest resident memory seen while it ran."""

    def __init__(self):
        self.rows: dict[str, dict] = {}
        self.open: list[dict] = []   # the steps running now, outermost first
        self.peak = 0.0              # the whole run's peak

    def _note_peak(self) -> None:
        """Fold the peak since the last reset into every running step, then reset it."""
        _, peak = memory_mb()
        self.peak = max(self.peak, peak)
        for row in self.open:
            row["peak"] = max(row["peak"], peak)
        reset_peak()

    def wrap(self, label: str, function):
        def timed(*args, **kwargs):
            self._note_peak()
            row = self.rows.setdefault(label, {"calls": 0, "cpu": 0.0, "wall": 0.0, "peak": 0.0, "after": 0.0,
                                               "depth": len(self.open)})
            self.open.append(row)
            cpu, wall = time.process_time(), time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                row["cpu"] += time.process_time() - cpu
                row["wall"] += time.perf_counter() - wall
                row["calls"] += 1
                self._note_peak()
                self.open.pop()
                row["after"] = memory_mb()[0]

        return timed

    def show(self) -> None:
        print(f"{'step':<44} {'calls':>5} {'CPU s':>7} {'wall s':>7} {'peak MB':>8} {'RSS after':>9}")
        for label, row in self.rows.items():
            name = "  " * row["depth"] + label
            print(f"{name:<44} {row['calls']:>5} {row['cpu']:>7.2f} {row['wall']:>7.2f} {row['peak']:>8,.0f}"
                  f" {row['after']:>9,.0f}")


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    recorder = Recorder()
    for module_name, attribute in STEPS:
        module = importlib.import_module(module_name)
        setattr(module, attribute, recorder.wrap(attribute, getattr(module, attribute)))
    from replyscope import cli
    started_cpu, started = time.process_time(), time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        try:
            cli.main(["analyse", *sys.argv[1:], "--out", f"{out}/report", "--quiet"])
        except SystemExit as stop:
            if stop.code:
                raise
    recorder.show()
    recorder._note_peak()
    print(f"\nwhole command: {time.process_time() - started_cpu:.1f} s CPU, {time.perf_counter() - started:.1f} s wall,"
          f" {recorder.peak:,.0f} MB peak")


if __name__ == "__main__":
    main()
