"""Loading a data directory into a Dataset, reporting every problem at once.

Layout of a data directory (`positions/`):

    parties.yaml                       parties, mediators and observers
    topics.yaml                        the topics positions are filed under
    rounds/<round-id>/round.yaml       the round's facts and joint agreements
    rounds/<round-id>/<party-id>.yaml  one party's positions at that round
    events.yaml                        optional: what was done, agreed or declared between rounds

The source catalogue is `sources.yaml` inside the data directory, or `seeds/sources.yaml`
beside it (the layout of this project's own repository).

Here: the entry point. A valid load is kept by tracker.cache, keyed by the content of the
files, for the next run, and a load it answers imports nothing else. Otherwise the files are read
by tracker.reading (every problem at once), which imports PyYAML, pydantic_core and the rules.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.cache import keys, loads
from tracker.paths import (  # the data dirs: re-exported
    bundled_data_dir,
    default_data_dir,
    find_sources_file,
)

if TYPE_CHECKING:
    from tracker.dataset import Dataset
    from tracker.reading import DocumentSink

__all__ = ["bundled_data_dir", "default_data_dir", "find_sources_file", "load_dataset"]


# --- entry point ------------------------------------------------------------------------------


def load_dataset(
    root: Path | str,
    overrides: Mapping[Path, str] | None = None,
    documents: DocumentSink | None = None,
    only: Callable[[Dataset], Collection[str] | None] | None = None,
) -> Dataset:
    """Load and check a data directory. Raises DataError with every problem found.

    `overrides` maps existing files to text read in place of their content: an editor validates
    an edit this way before anything is written. `documents`, when given, is handed the
    catalogues and then each round file as it is parsed, for a check of its own on the same
    parse (provenance.Checker); a load answered by the cache parses nothing and hands nothing.

    `only` names the rounds a command needs, given the dataset before any party file is read
    (every round's facts are): a comparison needs two. When no load is kept for the next command
    (the cache is off), only those rounds' party files are read and checked; the others are
    UnreadRounds, read if something asks for their positions. With the cache on, the whole load
    is made and kept, as every later command of any kind reuses it.
    """
    # Loading makes millions of small objects that all stay alive. The cyclic collector would
    # scan them again and again as they pile up (on a large data directory that costs more than
    # parsing), and none of them is garbage yet, so it waits until the load is done. Then what
    # is alive is frozen: later full collections skip it (one scan of 100,000 positions takes
    # seconds). Reference counting still frees it; the next load hands it back to the collector.
    global _frozen_after_load
    collecting = gc.isenabled()
    if 0 < gc.get_freeze_count() <= _frozen_after_load:
        gc.unfreeze()  # only our own freeze (it shrinks as its objects are freed; others' would add)
    _frozen_after_load = 0
    gc.disable()
    root = Path(root)
    key = None
    try:
        if not overrides and root.is_dir():
            key = keys.key_for_load(root)
            cached = loads.read(root, key) if key is not None else None
            if cached is not None:
                return cached
        from tracker.reading import Loader

        dataset = Loader(root, overrides, documents, only if key is None and not overrides else None).load()
        if key is not None:
            loads.write(root, key, dataset)
        return dataset
    finally:
        if collecting:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                _frozen_after_load = gc.get_freeze_count()
            gc.enable()


_frozen_after_load = 0
"""How many objects load_dataset froze, while that freeze stands."""
