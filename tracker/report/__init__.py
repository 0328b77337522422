"""Printed reports: the round comparison, a round's positions, the rounds, the timeline.

Pure functions from loaded data to strings (Markdown, JSON, the brief tally) or to Rich
renderables (the text format, coloured only when the console allows it). Nothing here imports
Textual, and only `text`/`tables` import Rich, so `--format json` never pays for it.

    words     plain words for values: figures, field changes, dates, the tally
    grouping  the order every format shares: by topic, then party, then what happened
    text      the text format, as Rich Text
    tables    the rounds and the timeline as Rich tables, or as plain lists when piped
    markdown  reports to publish
    records   the versioned JSON documents (shape in docs/json-format.md)
    console   the console the commands print through
"""

FORMATS = ("text", "markdown", "json", "brief")
