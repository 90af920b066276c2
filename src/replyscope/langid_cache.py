"""py3langid's language model, unpacked once into the user's cache folder and read from there afterwards.

py3langid ships its model as LZMA-compressed npz (4.5 MB); unpacking it takes half a second of CPU
on every run, a quarter of what `replyscope analyse` needs for a small thread. The unpacked npz
(about 70 MB) is kept in the cache folder (replyscope.cache), named after py3langid's version and
the model file's size and time, so a new model is unpacked again. The arrays read back are the ones py3langid reads (no pickle), so
the identifier, and every label, is the same. Where the folder cannot be written, the model is
unpacked as before.
"""

import contextlib
import os
import tempfile
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from .cache import cache_folder

_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def language_identifier():
    """py3langid's LanguageIdentifier with its bundled model, read from the unpacked copy when there is one."""
    from py3langid import modelio
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    unpacked = None
    try:
        unpacked = _unpacked_model(MODEL_DIR / MODEL_FILE)
        with np.load(unpacked, allow_pickle=False) as data:
            return LanguageIdentifier(data["ptc"], data["pc"], data["classes"].tolist(),
                                      modelio._to_array(data["nextmove"]), data["out_feat"].tolist(),
                                      tk_row=modelio._to_array(data["nextmove_row"]))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):  # no folder to write, or a damaged copy
        if unpacked is not None:
            with contextlib.suppress(OSError):
                unpacked.unlink(missing_ok=True)  # unpacked again next time
        return LanguageIdentifier.from_model_file(MODEL_FILE)


def _unpacked_model(packed: Path) -> Path:
    """The path of the unpacked npz of `packed`, unpacking it first when the cache holds no copy."""
    import lzma
    import shutil

    try:
        release = version("py3langid")
    except PackageNotFoundError:
        release = "unknown"
    stat = packed.stat()
    unpacked = cache_folder() / f"py3langid-{release}-{stat.st_size}-{stat.st_mtime_ns}.npz"
    if unpacked.is_file():
        return unpacked
    unpacked.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=unpacked.parent, prefix=".py3langid-", suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as target, lzma.open(packed) as source:
            shutil.copyfileobj(source, target, length=1 << 20)
        with np.load(partial, allow_pickle=False) as data:
            if set(_ARRAYS) - set(data.files):
                raise ValueError(f"{packed}: not the model layout replyscope reads")
        os.replace(partial, unpacked)  # whole or not at all: a second run at the same time never reads half a file
    finally:
        Path(partial).unlink(missing_ok=True)
    return unpacked
