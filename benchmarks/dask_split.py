"""Where the Dask engine's CPU goes: per-partition work (spreads over workers) against whole-thread steps (do not).

Runs engines/plan.py's steps in this process over partitions of POSTS generated posts
(dask_scale.py's generator) and prints the CPU seconds (time.process_time) of each:
languages, coding and counting per partition, merge, and the whole-thread steps
(phrase scores, copy groups among the candidates, theme tables, tone by theme,
discovery ...), with a profile of those. The whole-thread share bounds the speed-up more
workers can give (Amdahl).

    python benchmarks/dask_split.py --posts 20000
"""

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import replyscope
from replyscope.codebook import load_codebook
from replyscope.engines import copies
from replyscope.engines import plan as steps
from replyscope.languages import language_mix
from replyscope.settings import DEFAULTS

sys.path.insert(0, str(Path(__file__).parent))
from dask_scale import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--partition", type=int, default=5_000, help="posts per partition")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="replyscope-dask-split-"))
    try:
        generate(folder, args.posts, 2, processes=1)
        table = replyscope.load(sorted(folder.glob("*.gz")))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    report = table.attrs["load_report"]
    plan = steps.Plan(DEFAULTS, load_codebook(), None, (report.root_post or {}).get("author"))
    chunks = [table.iloc[i:i + args.partition] for i in range(0, len(table), args.partition)]
    started = time.process_time()
    codes = [steps.part_languages(chunk, plan) for chunk in chunks]
    mix = language_mix((code for part in codes for code in part), plan.codebook.language)
    languages = time.process_time()
    offsets = np.cumsum([0, *map(len, codes)]).tolist()
    results = [steps.code_part(chunk, part, mix, offset, plan) for chunk, part, offset in zip(chunks, codes, offsets)]
    coded = time.process_time()
    counts = results[0][0]
    for partial, _, _ in results[1:]:
        counts.merge(partial)
    counted = time.process_time()
    candidates = copies.candidate_rows([c for _, c, _ in results])  # sketches per partition, merged by key
    sketching = time.process_time()
    merged = steps.merge_parts(counts, codes, [c for _, c, _ in results], [u for _, _, u in results])
    merging = time.process_time()
    profile = cProfile.Profile(time.process_time)  # CPU, not wall: the machine is shared
    analysis = profile.runcall(steps.summarise, merged, plan, report, copy_candidates=candidates)
    whole = time.process_time()
    per_partition = coded - started
    print(f"{len(analysis.replies):,} replies in {len(chunks)} partitions, CPU seconds: languages "
          f"{languages - started:.1f}, coding and counting {coded - languages:.1f}, copy sketches and candidates "
          f"{sketching - counted:.1f} ({len(candidates):,} candidates; all three per partition), merging counts "
          f"{counted - coded:.1f} and replies {merging - sketching:.1f}, whole-thread steps {whole - merging:.1f}; "
          f"whole-thread share {(whole - merging) / (whole - started):.0%} "
          f"(per-partition {per_partition + sketching - counted:.1f} s)")
    held = merged.coded.memory_usage(deep=True).sum()
    print(f"The coded replies the whole-thread steps read: {held / 2**20:,.0f} MB ({held / len(merged.coded):,.0f} bytes "
          "a reply, pandas' deep size), which the Dask engine's client gathers")
    print("Whole-thread steps, cumulative CPU seconds of the largest calls:")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(r"replyscope.*\((summarise|key_word_views|"
                                                               r"copies_for_shares|find_copies|phrase_table|word_table|"
                                                               r"missing_themes|theme_summary|top_replies|tone_by_theme|"
                                                               r"unmeasured_with_ratio|score_notes|lobbying_summary|"
                                                               r"abuse_summary|mark_copies|reference_tables|"
                                                               r"tabulate_hashtags|account_table|words_by_language)\)")


if __name__ == "__main__":
    main()
