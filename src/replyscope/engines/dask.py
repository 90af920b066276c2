"""The Dask engine: the same analysis over partitions, on a laptop's local cluster or a real one.

Steps, each a set of Dask tasks:
  1. survey    each input's format, and its lines when it is JSON lines (one task per file);
  2. read      each block of lines (or whole file) with the usual importers, staged as one
               pickled part (and its ids as Parquet) in a work folder (one task per partition);
  3. dedupe    the (platform, id) keys, shuffled on id across the cluster (dask.dataframe), so a
               post in several files is kept once, in the first file, as `load_replies` does;
               the thread's root post is found from the partitions' majorities;
  4. languages each part's replies' languages; their counts give the thread's mix;
  5. code      each part: tokens, coding, abuse model, corrections, tone scores and the
               mergeable counts (plan.code_part); the coded replies and the counts, split by key
               into shards (engines.shards), are staged in the work folder;
  5b. merge    each shard of the counts over all parts, in partition order, pruned of the phrase
               counts no table reads; only the pruned shards come to this machine;
  6. copies    each part's sketch of its replies' words and MinHash bands, merged by key with a
               groupby across the cluster; each part then hands over only its copy candidates,
               without their text (their distinct words once, and per reply a few fields); their
               near-identical pairs are bucketed, paired and checked on the workers (copy_pairs);
  7. whole     the steps that need the whole thread (plan.summarise), on this machine, over the
               coded replies read back part by part; above GATHER_REPLIES replies over a slim
               table of them instead, the workers writing the coded replies out (engines.slim).
Dask retries the tasks of a worker that dies; if one keeps failing, the run stops with one
line saying so, and nothing is written. Only this module and engines.copy_pairs import Dask.
"""

import logging
import os
import shutil
import tempfile
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from ..analyses.campaigns import copy_text_column
from ..analysis import Analysis, analyse
from ..codebook import Codebook, load_codebook
from ..errors import ReplyscopeError
from ..importers.base import LoadOptions, LoadReport
from ..languages import language_mix
from ..settings import DEFAULTS
from ..threads import THREAD_ROOT_DETAIL
from . import copies, copy_pairs, slim
from .partitions import (ORDER_BITS, ORDER_COLUMN, Block, expand_inputs, find_duplicates, input_sources, majority,
                         merge_file_reports, plan_blocks, read_block, survey_source)
from .plan import Merged, Plan, code_part, merge_parts, part_languages, summarise
from .run import EngineRun
from .shards import ends_kept, join_shards, merge_pieces, prune_phrases, split_counts

# Lines of a JSON-lines file per partition: small enough for a worker's memory, large enough to amortise a task.
BLOCK_LINES = 100_000
# Most shards the counts are merged in (one per partition below that): each merge task holds 1/shards of them.
MAX_SHARDS = 32
# What this engine does differently from the default one, for the report's method section.
METHOD = [
    "Reply depth (direct replies to the root post against replies to other replies) is not worked out: following "
    "reply chains needs every post in one place. No table uses it.",
    "Languages, tokens, theme coding, the abuse model, tone scores and the word, phrase, reference, link, account "
    "and hashtag counts are computed partition by partition on the workers and merged exactly, by key: each "
    "partition's counts are split by a hash of each word, phrase, link, account or tag into shards, and each shard is "
    "merged over all partitions in one task, so no task holds all the counts. Two- and three-word phrases used fewer "
    "times than the phrase table's minimum are then dropped (with the counts their scores need kept), and the "
    "per-language word counts keep no phrases: the tables are the same, but the word counts a notebook reads "
    "(Analysis.word_counts) lack those rare phrases. Near copies: each "
    "partition keeps a key of every reply's words and of each band of its MinHash signature; the keys are merged "
    "across the workers, and only replies whose words repeat or whose band another text shares are grouped, which "
    "gives exactly the groups of the whole thread; their near-identical words are bucketed, paired and checked on the "
    "workers, and they are grouped by those pairs and their words, sent once per distinct text, "
    "and each group's shown text is read back from its partition.",
    "Theme shares with campaigns counted once, tone by theme, lobbying, theme discovery and the likes ratio need "
    "every reply at once: they run after the merge on the coded replies gathered from the workers.",
]
REVIEWED_METHOD = ("The learned coder trains on every reply of the thread at once (its word and character features "
                   "are fitted to the whole thread): with a review, the partitions read on the workers are gathered "
                   "and the whole analysis runs in one process.")


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None, memory_limit: str | None = None,
                processes: bool = True):
    """A distributed Client: connected to `scheduler`, or on a LocalCluster of `workers` (default: one per core)."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=processes,
                      memory_limit=memory_limit or "auto", dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def analyse_files(inputs, *, codebook: Codebook | str | None = None, settings=None, options: LoadOptions | None = None,
                  corrections: pd.DataFrame | None = None, reviewed=None, scheduler: str | None = None,
                  workers: int | None = None, memory_limit: str | None = None, processes: bool = True, client=None,
                  work_dir: Path | None = None, block_lines: int = BLOCK_LINES, progress=None, on_cluster=None,
                  gather_replies: int | None = None, coded_out: Path | None = None, **overrides) -> Analysis:
    """Analyse files, folders or globs of exports on a Dask cluster; the tables of `analyse(load(files))`.

    Without `scheduler` (an address such as tcp://10.0.0.5:8786) or `client`, a LocalCluster
    of `workers` processes starts and stops here; `memory_limit` caps each worker ("1GB").
    Intermediate parts go to `work_dir` (default: a temporary folder; with a remote
    cluster, give a folder all workers and this machine share). `progress(step, done, total)`
    hears of each partition finished; `on_cluster(client)` is called once the cluster is up.
    Above `gather_replies` (default slim.GATHER_REPLIES) replies the coded replies stay on
    the workers and the client holds a slim table of them (engines.slim), without text; with
    `coded_out` (a folder every worker can write) the workers write the coded replies there
    as replies_coded.parquet/ and replies_coded/ (CSV parts), and the replies the report and
    workbook show are filled in whole.
    """
    require_dask()
    settings = (settings or DEFAULTS).with_overrides(**overrides)
    options = options or LoadOptions(keep_reposts=settings.keep_reposts)
    if options.root:
        raise ReplyscopeError("--root needs the whole thread in one place; use the default engine for it "
                              "(or filter the export to the thread first).")
    if not isinstance(codebook, Codebook):
        codebook = load_codebook(codebook)
    files = expand_inputs(inputs)
    if not files:
        raise ReplyscopeError("no input files given; name at least one export file or folder.")
    sources = input_sources(files, options.max_input_size)
    work = Path(tempfile.mkdtemp(prefix="replyscope-dask-", dir=work_dir))
    run = dict(sources=sources, work=work, codebook=codebook, settings=settings, options=options,
               corrections=corrections, reviewed=reviewed, block_lines=block_lines, progress=progress,
               on_cluster=on_cluster,
               gather_replies=slim.GATHER_REPLIES if gather_replies is None else gather_replies,
               coded_out=Path(coded_out) if coded_out else None)
    try:
        if client is not None:
            return _run(client, **run)
        with dask_client(scheduler, workers, memory_limit, processes) as started:
            return _run(started, **run)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def require_dask() -> None:
    """A one-line error naming the extra to install when Dask is missing."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as error:
        raise ReplyscopeError(f"the Dask engine needs {error.name}: pip install 'replyscope[cluster]'.") from None


def _run(client, sources, work: Path, codebook, settings, options, corrections, reviewed, block_lines, progress,
         on_cluster, gather_replies, coded_out) -> Analysis:
    if on_cluster:
        on_cluster(client)
    flat = [source for members in sources for source in members]
    surveys = iter(_gather(client, client.map(survey_source, flat, options=options, pure=False), "surveying files",
                           progress))
    blocks, skipped = plan_blocks([[next(surveys) for _ in members] for members in sources], block_lines)
    staging = work / "staging"
    staging.mkdir()
    read = _gather(client, client.map(_ingest, blocks, options=options, staging=staging, pure=False),
                   "reading partitions", progress)
    report = LoadReport(files=merge_file_reports(blocks, [r for r, _ in read]), notes=list(skipped))
    for file_report in report.files:
        report.dropped.update(file_report.dropped)
    parts = [staging / _part_name(block) for block in blocks]
    drops = _duplicates(client, blocks, parts, report)
    root_id, root_post = _thread_root(client, parts, drops, report, [c for _, c in read])
    if root_post is not None:
        report.root_post = root_post
        report.notes.append(f"the thread's root post ({root_id}) is shown in the header and kept out of the reply analysis")
    drop_of = [drops.get(block.number, ()) for block in blocks]
    engine = EngineRun("dask", workers=len(client.scheduler_info().get("workers", {})), partitions=len(blocks),
                       scheduler=client.scheduler_info().get("address"), dashboard=dashboard(client),
                       method=list(METHOD))
    if reviewed is not None and len(reviewed):
        analysis = _analyse_gathered(client, parts, drop_of, root_id, report, codebook, settings, corrections, reviewed)
        engine.method = [METHOD[0], REVIEWED_METHOD]
        analysis.engine = engine
        return analysis
    plan = Plan(settings, codebook, corrections, (root_post or {}).get("author"))
    languages = client.map(_part_languages, parts, drop_of, root_id=root_id, plan=plan, pure=False)
    codes = _gather(client, languages, "detecting languages", progress)
    total_replies = sum(map(len, codes))
    _check_not_empty(report, total_replies, codes)
    mix = language_mix((code for part in codes for code in part), codebook.language)
    offsets = np.cumsum([0, *map(len, codes)]).tolist()
    shards = min(len(parts), MAX_SHARDS)
    coding = client.map(_code_part, parts, drop_of, languages, offsets[:-1], range(len(parts)), root_id=root_id,
                        mix=mix, plan=plan, shards=shards, pure=False)
    del languages
    _wait(client, coding, "coding partitions", progress)
    del coding
    merged_counts, trigram_ends = _merge_by_key(client, parts, shards, settings.min_phrase_mentions, progress)
    candidates = _copy_candidates(client, parts, offsets, progress, settings.copy_similarity)
    report.rows = total_replies + merged_counts.excluded_reposts
    if merged_counts.excluded_reposts and not options.keep_reposts:
        report.notes.append(f"{merged_counts.excluded_reposts:,} reposts/retweets kept in the table but excluded "
                            "from text analysis (--keep-reposts to include them)")
    if total_replies > gather_replies:
        def run_tasks(function, *iterables, step: str, **arguments) -> list:
            return _gather(client, client.map(function, *iterables, pure=False, **arguments), step, progress)

        merged = Merged(counts=merged_counts, codes=Counter(code for part in codes for code in part), coded=None,
                        tokens=None, trigram_ends=trigram_ends)
        analysis, method = slim.summarise_slim(run_tasks, [_coded_name(path) for path in parts], offsets, merged,
                                               plan, report, candidates, coded_out)
        engine.method = [*METHOD[:-1], *method]  # the slim table's sentences in place of the gathered replies'
        engine.coded_parts = coded_out
        analysis.engine = engine
        return analysis
    results = [pd.read_pickle(_coded_name(path)) for path in parts]
    merged = merge_parts(merged_counts, codes, [c for c, _ in results], [u for _, u in results])
    del results  # the parts' frames, now concatenated: not held through the whole-thread steps
    merged.trigram_ends = trigram_ends
    analysis = summarise(merged, plan, report, copy_candidates=candidates)
    analysis.engine = engine
    return analysis


def _check_not_empty(report: LoadReport, replies: int, codes: list) -> None:
    if replies:
        return
    names = ", ".join(f.source for f in report.files)
    why = "; ".join(f"{n:,} {r}" for r, n in report.dropped.most_common()) or "no rows"
    raise ReplyscopeError(f"{names}: holds no replies to analyse ({why}); check it is a reply export.")


def _gather(client, futures: list, step: str, progress) -> list:
    """Wait for futures, reporting each one finished, and fetch their results."""
    _wait(client, futures, step, progress)
    return _failing_clearly(step, client.gather, futures)


def _wait(client, futures: list, step: str, progress) -> None:
    """Wait for futures, reporting each one finished; their results stay on the workers."""
    from distributed import as_completed

    def wait():
        for done, future in enumerate(as_completed(futures), start=1):
            if future.status == "error":  # as_completed does not raise a task's error: its result does
                future.result()
            if progress:
                progress(step, done, len(futures))

    _failing_clearly(step, wait)


def _failing_clearly(step: str, call, *arguments):
    """call(*arguments), a task that failed on every retry becoming one clear error."""
    from distributed.scheduler import KilledWorker

    try:
        return call(*arguments)
    except KilledWorker as error:
        raise ReplyscopeError(f"a Dask worker died on every retry while {step} ({error}); nothing was written. "
                              "Give the workers more memory (--worker-memory) or use smaller partitions.") from None


def _part_name(block: Block) -> str:
    return f"part-{block.number:06d}.pickle"


def _ingest(block: Block, options: LoadOptions, staging: Path):
    """Read one block and write it to the staging folder; returns its FileReport and its conversation majority."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table, file_report = read_block(block, options)
    path = staging / _part_name(block)
    table.to_pickle(path)  # the reply table exactly as read: every dtype as the importer made it
    keys = pa.Table.from_pandas(table[["platform", "id", ORDER_COLUMN]].astype({"platform": object, "id": object}),
                                preserve_index=False)
    pq.write_table(keys, path.with_suffix(".keys.parquet"))  # what the shuffle on id reads
    return file_report, majority(table["conversation_id"]) if len(table) else []


def read_part(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """A staged part back as the reply table."""
    table = pd.read_pickle(path)
    return table[columns] if columns else table


def _replies_part(path: Path, drop, root_id) -> pd.DataFrame:
    """A staged part without its duplicates and the thread's root post, as the schema's reply table."""
    table = read_part(path)
    keep = ~np.isin(table[ORDER_COLUMN].to_numpy(), np.asarray(drop, dtype=np.int64))
    if root_id is not None:
        keep &= ~(table["id"] == root_id).fillna(False).astype(bool).to_numpy()
    table = table[keep].drop(columns=ORDER_COLUMN).reset_index(drop=True)
    table.columns = pd.Index(list(table.columns))  # labels as load_replies leaves them (the importer's storage aside)
    return table


def _part_languages(path: Path, drop, root_id, plan: Plan) -> list[str]:
    return part_languages(_replies_part(path, drop, root_id), plan)


def _code_part(path: Path, drop, codes: list[str], offset: int, number: int, root_id, mix, plan: Plan, shards: int):
    """Code and count one part; the coded replies, uncategorised tokens and the counts' shards are staged beside it
    (nothing stays in the worker's memory)."""
    counts, coded, uncategorised = code_part(_replies_part(path, drop, root_id), codes, mix, offset, plan)
    pd.to_pickle((coded, uncategorised), _coded_name(path))
    for shard, piece in enumerate(split_counts(counts, shards, number)):
        pd.to_pickle(piece, _piece_name(path, shard))
    del counts
    sketch = copies.sketch_part(coded)
    np.savez(_sketch_name(path), **sketch)
    for frame, kind in zip(copies.sketch_frames(sketch), ("texts", "bands")):
        frame.to_parquet(_sketch_name(path).with_suffix(f".{kind}.parquet"), index=False)


def _sketch_name(path: Path) -> Path:
    return path.with_suffix(".sketch.npz")


def _copy_candidates(client, parts: list[Path], offsets: list[int], progress, similarity: float
                     ) -> copies.Candidates:
    """The replies that can be in a copy group (engines.copies), found from the partitions' sketches merged by key
    across the cluster (a groupby shuffled on the word and band keys): only these come to this machine, without
    their text (copies.candidate_part; the few texts the copy groups show are read back from the parts). The
    merged keys are split into as many pieces as there are partitions, so no task holds more keys than one
    partition brings (at 1M posts in 12 partitions, one piece of all 16M band keys outgrew a 2 GB worker). Their
    near-identical words are paired and checked on the workers too (engines.copy_pairs)."""
    import dask.dataframe as dd

    splits = len(parts)
    texts = dd.read_parquet([str(_sketch_name(p).with_suffix(".texts.parquet")) for p in parts])
    bands = dd.read_parquet([str(_sketch_name(p).with_suffix(".bands.parquet")) for p in parts])
    replies = texts.groupby("text_key")["replies"].sum(split_out=splits)
    buckets = bands.groupby("band_key")["text_key"].nunique(split_out=splits)
    repeated, crowded = _failing_clearly("merging copy sketches", lambda: client.compute(
        [replies[replies >= 2], buckets[buckets >= 2]], sync=True))
    keys = client.scatter([np.sort(repeated.index.to_numpy(dtype=np.uint64)),
                           np.sort(crowded.index.to_numpy(dtype=np.uint64))], broadcast=True)
    found = _gather(client, client.map(_candidate_rows, parts, repeated=keys[0], crowded=keys[1], pure=False),
                    "picking copy candidates", progress)

    def shown_texts(positions: np.ndarray) -> list:
        picked = slim.by_part(positions, offsets)
        texts = _gather(client, client.map(_shown_texts, parts, picked, pure=False), "reading copy groups' texts",
                        progress)
        return [text for part in texts for text in part]

    candidates = copies.join_candidates(found, shown_texts)
    places = copy_pairs.part_places([words for words, _ in found], candidates)
    del found
    staged = [_sketch_name(p).with_suffix(".words.pickle") for p in parts]  # each part's words (_candidate_rows)
    _wait(client, client.map(copy_pairs.stage_buckets, staged, places, pure=False), "bucketing copy candidates",
          progress)
    candidates.similar = _failing_clearly("pairing copy candidates", copy_pairs.similar_pairs, client, staged,
                                          similarity)
    return candidates


def _candidate_rows(path: Path, repeated: np.ndarray, crowded: np.ndarray) -> tuple[list[str], pd.DataFrame]:
    with np.load(_sketch_name(path)) as stored:
        sketch = dict(stored)
    coded, _ = pd.read_pickle(_coded_name(path))
    words, members = copies.candidate_part(coded, copies.candidate_positions(sketch, repeated, crowded))
    pd.to_pickle(words, _sketch_name(path).with_suffix(".words.pickle"))  # what copy_pairs.stage_buckets reads
    return words, members


def _shown_texts(path: Path, positions: np.ndarray) -> list:
    """The texts (text, or clean_text without it) of a part's replies at `positions` (rows of the part)."""
    coded, _ = pd.read_pickle(_coded_name(path))
    return coded[copy_text_column(coded)].iloc[positions].tolist() if len(positions) else []


def _coded_name(path: Path) -> Path:
    return path.with_suffix(".coded.pickle")


def _piece_name(path: Path, shard: int) -> Path:
    return path.with_suffix(f".counts-{shard:03d}.pickle")


def _merge_by_key(client, parts: list[Path], shards: int, min_phrase_mentions: int, progress):
    """The partitions' counts merged shard by shard on the workers (engines.shards), pruned there; only the pruned
    shards and the trigram ends their kept trigrams need come to this machine."""
    merging = client.map(_merge_shard, range(shards), parts=parts, min_phrase_mentions=min_phrase_mentions,
                         pure=False)
    merged = _gather(client, merging, "merging counts", progress)
    # in a list: scatter spreads a bare set's items as separate futures
    kept = client.scatter([set().union(*(ends for _, _, ends in merged))], broadcast=True)[0]
    ends = _gather(client, client.map(_kept_ends, [_ends_name(parts[0], s) for s in range(shards)], kept=kept,
                                      pure=False), "merging counts", None)
    trigram_ends = Counter()
    for shard_ends in ends:
        trigram_ends.update(shard_ends)
    return join_shards([(counts, places) for counts, places, _ in merged]), trigram_ends


def _merge_shard(shard: int, parts: list[Path], min_phrase_mentions: int):
    """One shard of every part's counts merged and pruned; its trigram ends are staged for _kept_ends."""
    counts, places = merge_pieces(pd.read_pickle(_piece_name(path, shard)) for path in parts)
    pd.to_pickle(places.pop("trigram_ends"), _ends_name(parts[0], shard))
    kept = prune_phrases(counts, places, min_phrase_mentions)
    return counts, places, kept


def _ends_name(first_part: Path, shard: int) -> Path:
    return first_part.with_name(f"trigram-ends-{shard:03d}.pickle")


def _kept_ends(path: Path, kept: set) -> Counter:
    return ends_kept(pd.read_pickle(path), kept)


def _analyse_gathered(client, parts, drop_of, root_id, report, codebook, settings, corrections, reviewed) -> Analysis:
    """The whole analysis in this process on the partitions gathered from the workers (a review needs all replies)."""
    tables = _gather(client, client.map(_replies_part, parts, drop_of, root_id=root_id, pure=False),
                     "gathering partitions", None)
    table = pd.concat(tables, ignore_index=True)
    table.columns = pd.Index(list(table.columns))  # labels as load_replies leaves them, however the parts travelled
    _check_not_empty(report, len(table), [])
    reposts = int(table["is_repost"].fillna(False).astype(bool).sum())
    report.rows = len(table)
    if reposts and not settings.keep_reposts:
        report.notes.append(f"{reposts:,} reposts/retweets kept in the table but excluded from text analysis "
                            "(--keep-reposts to include them)")
    table.attrs["load_report"] = report
    return analyse(table, codebook=codebook, settings=settings, corrections=corrections, reviewed=reviewed)


def _duplicates(client, blocks: list[Block], parts: list[Path], report: LoadReport) -> dict[int, np.ndarray]:
    """Block number -> _order of the rows to drop as duplicates; tallies them in the reports as load_replies does."""
    import dask
    import dask.dataframe as dd

    source_index = {name: i for i, name in enumerate(dict.fromkeys(b.source_name for b in blocks))}
    source_of_block = np.array([source_index[b.source_name] for b in blocks], dtype=np.int64)
    keys = dd.read_parquet([str(p.with_suffix(".keys.parquet")) for p in parts])
    keys = keys.dropna(subset=["id"])
    meta = pd.DataFrame({ORDER_COLUMN: pd.Series(dtype="int64"), "within_source": pd.Series(dtype="bool")})
    with dask.config.set({"dataframe.shuffle.method": "tasks"}):
        found = keys.shuffle(on="id").map_partitions(find_duplicates, source_of_block, meta=meta)
        duplicates = client.compute(found).result()
    by_file = {file_report.source: file_report for file_report in report.files}
    blocks_of = duplicates[ORDER_COLUMN].to_numpy() >> ORDER_BITS
    for (number, is_within), n in Counter(zip(blocks_of.tolist(), duplicates["within_source"].tolist())).items():
        file_report = by_file[blocks[number].source_name]
        if is_within:
            file_report.dropped["duplicate id"] += n
            file_report.rows_kept -= n
            report.dropped["duplicate id"] += n
        else:
            report.dropped["duplicate id (also in an earlier file)"] += n
    return {int(number): np.sort(duplicates[ORDER_COLUMN].to_numpy()[blocks_of == number])
            for number in np.unique(blocks_of)}


def _thread_root(client, parts: list[Path], drops: dict, report: LoadReport, candidates: list[list]):
    """The root post's id and its row (as link_threads finds and reports them), or None for either.

    The root is the one the files declare, else a conversation holding more than half
    of the posts whose root post is present: only a partition's majority can be that.
    """
    declared = {f.detail.get(THREAD_ROOT_DETAIL) for f in report.files} - {None}
    root_ids = sorted(declared) if len(declared) == 1 else sorted({c for found in candidates for c in found})
    if not root_ids:
        return None, None
    found = _gather(client, client.map(_root_rows, parts, [drops.get(i, ()) for i in range(len(parts))],
                                       root_ids=root_ids, pure=False), "finding the thread's root", None)
    rows = sum(n for n, _, _ in found)
    conversations = sum((c for _, c, _ in found), Counter())
    own = [r for _, _, r in found if len(r)]
    root_rows = pd.concat(own) if own else None
    if len(declared) == 1:
        root_id = root_ids[0]
    else:
        top = max(conversations, key=conversations.__getitem__, default=None)
        present = root_rows is not None and bool((root_rows["id"] == top).any())
        root_id = top if present and conversations[top] > 1 and conversations[top] * 2 > rows else None
    if root_id is None or root_rows is None or not (root_rows["id"] == root_id).any():
        return root_id, None
    row = root_rows[root_rows["id"] == root_id].sort_values(ORDER_COLUMN).iloc[0].drop(ORDER_COLUMN)
    return root_id, {k: (None if pd.isna(v) else v) for k, v in row.items() if not isinstance(v, list)}


def _root_rows(path: Path, drop: np.ndarray, root_ids: list):
    """Rows left in a part, how many of them are in each candidate conversation, and the candidates' own rows."""
    table = read_part(path, ["id", "conversation_id", "platform", ORDER_COLUMN])
    table = table[~np.isin(table[ORDER_COLUMN].to_numpy(), drop)]
    in_candidates = table["conversation_id"].isin(root_ids).fillna(False).astype(bool)
    counts = Counter(table["conversation_id"][in_candidates].astype(object).tolist())
    own = table["id"].isin(root_ids).fillna(False).astype(bool)
    full = read_part(path)
    full = full[full[ORDER_COLUMN].isin(table[ORDER_COLUMN][own])] if own.any() else full.iloc[:0]
    return len(table), counts, full


def dashboard(client) -> str | None:
    """The Dask dashboard's address, when the cluster runs one."""
    try:
        return client.dashboard_link
    except Exception:  # no dashboard (bokeh not installed, or the cluster runs without one)
        return None
