"""Networks as files for Gephi and other network tools (GEXF, GraphML).

Writing only: the graph is built by the analysis. Node ids are the casefolded tags;
each node's label is the tag as most often written.
"""

from pathlib import Path

import networkx as nx

from ..analyses.hashtags import HashtagAnalysis
from ..errors import ReplyscopeError

GRAPH_WRITERS = {".gexf": nx.write_gexf, ".graphml": nx.write_graphml}


def write_hashtag_graph(analysis: HashtagAnalysis, path) -> Path:
    """Write the hashtag co-occurrence network to `path` (.gexf or .graphml) and return the path.

    Nodes carry label, posts and authors; edges carry posts (together), jaccard and npmi.
    """
    path = Path(path)
    writer = GRAPH_WRITERS.get(path.suffix.lower())
    if writer is None:
        raise ReplyscopeError(f"{path}: the hashtag network is written as .gexf (Gephi) or .graphml; "
                              "end the file name with one of those.")
    try:
        writer(analysis.graph, path)
    except OSError as error:
        raise ReplyscopeError(f"{path}: cannot write the hashtag network ({error.strerror}); "
                              "check the folder exists and is writable.") from None
    return path
