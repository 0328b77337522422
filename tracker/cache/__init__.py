"""Shortcuts for data that has not changed since the last run, keyed by the content of its files.

`tracker validate` in a pre-commit hook, or `tracker diff` in a script, runs on data that has
not changed since the last run. Parsing and checking it again, and importing the loader and the
report modules to do so, is most of a command's start-up. Three things are
kept, all under one key, a hash of every file's name and bytes (`keys.data_key`):

- the last valid load of each data directory (the checked Dataset), for any command to reuse
  (`loads`; the loader hands it over and asks for it, the cache never imports the loader);
- with it, that the load was valid and its counts: `tracker validate` answers from these alone,
  without importing the loader, the models or pydantic_core (`loads.valid_counts`);
- the complete result of a report command (`diff`, `show`, `rounds`, `timeline`): what it wrote
  to stdout and stderr, in order, and its exit code, under the data key plus everything else the
  output depends on (`results.Result`).

A hit is exactly as trustworthy as doing the work again: any change to a file the loader reads,
a file added or removed, another version of tracker's code, pydantic, PyYAML or Python, is a
miss. Only valid loads and successful commands are kept; problems are always found by a real
load.

Nothing in the cache is ever executed, and nothing in it is believed unless tracker wrote it:
- entries are plain data (JSON; a load names its classes, which are looked up in a fixed list of
  the model's, and built without running any code of the file's choosing), never a pickle
  (`codec`);
- each entry carries a MAC under a key of the user's own (`key`, 0600, made on first use), so a
  file tracker did not write, or one changed since, is a miss;
- ssh's rule for its files: a cache folder or file that is not the user's own, or that others
  can write, is not used at all, with one warning. Folders are created 0700, files 0600
  (`store`).

Set TRACKER_NO_CACHE=1 to turn it all off; TRACKER_CACHE_DIR moves it (default:
$XDG_CACHE_HOME/tracker, else ~/.cache/tracker). Any failure to read or write the cache is
ignored: it is only a shortcut. The folder holds at most loads.MAX_LOADS loads and
results.MAX_RESULTS results; the least recently used are removed.

Each part is imported on its own (`from tracker.cache import loads`), so a command pays only
for what it uses.
"""
