"""CPU of each counting analysis `replyscope analyse` runs, on the very inputs the command gives them.

    PYTHONPATH=src python benchmarks/counting.py FILE [--repeat N] [--keep CAPTURE.pickle]
    PYTHONPATH=src python benchmarks/counting.py --from CAPTURE.pickle [--repeat N]

Loads FILE and analyses it once in this process (REPLYSCOPE_SERIAL=1), keeping the arguments
analyse() passes to references, links, accounts, hashtags and the key-word views; then times
each of them again, N times, and prints the least CPU time (time.process_time: on a shared
machine wall time says more about the neighbours). `--keep` saves those arguments, so another
checkout can be timed on the same inputs with `--from` (compare CPU, not wall time).
"""

import argparse
import os
import pickle
import time

os.environ["REPLYSCOPE_SERIAL"] = "1"

import replyscope  # noqa: E402
from replyscope import analysis  # noqa: E402
from replyscope.analyses.accounts import analyse_accounts  # noqa: E402
from replyscope.analyses.hashtags import analyse_hashtags  # noqa: E402
from replyscope.analyses.links import analyse_links  # noqa: E402
from replyscope.analyses.references import analyse_references  # noqa: E402
from replyscope.collector import paused_gc  # noqa: E402


def capture(path: str) -> dict:
    """Analyse the file once; return the arguments of the counting analyses, as analyse() passed them."""
    captured = {}

    def keep(name, function):
        def kept(*args, **kwargs):
            captured[name] = (args, kwargs)
            return function(*args, **kwargs)
        return kept

    originals = (analysis.references_links_accounts, analysis.analyse_hashtags, analysis.word_views.key_word_views)
    analysis.references_links_accounts = keep("speakers", originals[0])
    analysis.analyse_hashtags = keep("hashtags", originals[1])
    analysis.word_views.key_word_views = keep("views", originals[2])
    try:
        replyscope.analyse(replyscope.load(path))
    finally:
        analysis.references_links_accounts, analysis.analyse_hashtags, analysis.word_views.key_word_views = originals
    return captured


def steps(captured: dict) -> dict:
    (coded, codebook, settings, load_report), _ = captured["speakers"]
    root_author = (load_report.root_post or {}).get("author") if load_report else None
    steps = {
        "references": lambda: analyse_references(
            coded, codebook.entities, ignore_accounts=[root_author] if root_author else (),
            examples=settings.reference_examples, max_candidates=settings.max_reference_candidates,
            min_candidate_replies=settings.min_candidate_replies),
        "links": lambda: analyse_links(coded, codebook.link_kinds or None),
        "accounts": lambda: analyse_accounts(coded, codebook.organisations, codebook.individuals,
                                             min_repeat=settings.min_repeat_replies),
        "key-word views": lambda: analysis.word_views.key_word_views(*captured["views"][0]),
    }
    if "hashtags" in captured:
        steps["hashtags"] = lambda: analyse_hashtags(*captured["hashtags"][0], **captured["hashtags"][1])
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?")
    parser.add_argument("--from", dest="source", help="time the arguments saved by --keep")
    parser.add_argument("--keep", help="save the arguments of the counting analyses here")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    if options.source:
        with open(options.source, "rb") as saved:
            captured = pickle.load(saved)
    else:
        captured = capture(options.file)
        if options.keep:
            with open(options.keep, "wb") as saved:
                pickle.dump(captured, saved, protocol=pickle.HIGHEST_PROTOCOL)
    replies = len(captured["speakers"][0][0])
    print(f"{replies:,} replies, replyscope from {os.path.dirname(replyscope.__file__)}")
    for name, step in steps(captured).items():
        least = float("inf")
        for _ in range(options.repeat):
            started = time.process_time()
            with paused_gc():
                step()
            least = min(least, time.process_time() - started)
        print(f"  {name:<16} {least:7.2f} s CPU (least of {options.repeat})", flush=True)


if __name__ == "__main__":
    main()
