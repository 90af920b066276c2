"""CPU seconds of choosing one review round (round 1, `choose_for_review`) on a large thread.

Real CrisisLexT26 and Davidson tweets are tiled up to the size asked (each copy made
distinct) and coded with a codebook of label names and descriptions; the time is that of
choosing 200 replies: the topic space, its clusters and the recorded design. CPU time, so
a busy machine changes it little.

    python benchmarks/review_choose.py [--replies 100000]
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import review_round  # noqa: E402

from replyscope.coding.review import choose_for_review  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=100_000)
    options = parser.parse_args()
    if not review_round.LABELLED.is_dir():
        sys.exit(f"{review_round.LABELLED} not found: it needs ../shared/data/labelled beside the checkout.")
    texts = review_round.crisislex()[0] + review_round.davidson()[0]
    codebook, _ = review_round.codebook_for(review_round.CRISIS_THEMES)
    tiled = [f"{texts[i % len(texts)]} #{i // len(texts)}" for i in range(options.replies)]
    coded = review_round.rule_coded(tiled, codebook)
    cpu_started, started = time.process_time(), time.perf_counter()
    chosen = choose_for_review(coded, codebook, size=review_round.REVIEW_SIZE, seed=0)
    print(f"Choosing {len(chosen)} of {options.replies:,} replies: {time.process_time() - cpu_started:.1f} s CPU "
          f"(all threads), {time.perf_counter() - started:.1f} s wall; design weights sum to "
          f"{chosen['weight'].sum():,.0f}")


if __name__ == "__main__":
    main()
