"""How fast are copy-paste groups found? find_copies on N replies with a pasted campaign in them.

Run:  python benchmarks/copies.py [--rows 100000] [--campaign 500]
Builds replies from the bundled sample's texts with their words shuffled (unique texts, real lengths),
pastes one campaign text with small edits into `--campaign` of them, and prints replies per second
for the whole find_copies call and how many groups it found.
"""

import argparse
import random
import time

import pandas as pd

import replyscope
from replyscope.analyses.campaigns import find_copies
from replyscope.schema import conform

CAMPAIGN = "Stop the cuts to community buses now. Rural villages depend on the 42 to reach the hospital and the shops."


def replies(rows: int, campaign: int, seed: int = 3) -> pd.DataFrame:
    rng = random.Random(seed)
    texts = replyscope.load("samples/replies.xlsx")["clean_text"].dropna().tolist()
    made = []
    for index in range(rows):
        if index < campaign:
            made.append(CAMPAIGN + rng.choice(["", " #SaveOurBuses", " Please share.", " 🚌"]))
        else:
            words = rng.choice(texts).split()
            rng.shuffle(words)
            made.append(" ".join(words) + f" {index}")
    return conform(pd.DataFrame({"id": [str(i) for i in range(rows)], "text": made,
                                 "author": [f"user{i}" for i in range(rows)]}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--campaign", type=int, default=500)
    args = parser.parse_args()
    table = replies(args.rows, args.campaign)
    started = time.perf_counter()
    found = find_copies(table)
    seconds = time.perf_counter() - started
    print(f"{args.rows:,} replies: {seconds:.1f} s ({args.rows / seconds:,.0f} replies/s); "
          f"{len(found.groups):,} groups, {len(found.campaigns):,} campaigns, largest {found.groups['replies'].max()}")


if __name__ == "__main__":
    main()
