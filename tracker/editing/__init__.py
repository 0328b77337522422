"""Editing data files safely: text edits only, validated in memory, written atomically.

The tool never re-serialises a person's YAML. Every change here is an edit of the file's text, so
comments, key order and layout stay byte-for-byte theirs outside the lines that were edited.
A save is refused unless the whole dataset validates with the new text in place, and unless the
file on disk is still the one that was read; nothing is ever left half-written.

- `files`: a data file read for editing (with its fingerprint), and the atomic write.
- `drafts`: edits not saved, kept in private folders outside the data directory.
- `saving`: validating an edit, and the locked compare-and-replace that saves it.
- `session`: the $EDITOR loop through a draft, shared by `tracker edit`, `new-position` and the app.
- `external_editor`: the command for $VISUAL or $EDITOR, and running it.
- `new_round`: a new round as a text copy of an earlier one.

Nothing here imports Textual: the app and the command line share this package.
"""
