"""Printed reports: the round comparison, a round's positions, the rounds, the timeline.

Pure functions from loaded data to strings (Markdown, HTML, JSON, the brief) or to styled text
(`Styled`, a Rich renderable, coloured only on a terminal). Nothing here imports Textual, and Rich
is imported only to draw on a terminal: piped reports and JSON never pay for it.

    words     plain words for values: figures, dates, a round, the tally
    status_words  a status in words: when it was reached, and on whose account
    changes   a position's change in words, field by field and on one line
    story     the story of a comparison, built once as data: what moved, what was agreed, the brief
    refusals  which positions refuse a position, by whom, and which the story tells in its line
    between   an event (done, agreed or declared between rounds) in words, one home for every face
    terms     the words of ours a comparison uses, each with what it means
    grouping  the order every format shares: by topic, then party, then what happened
    sources   the documents a report cites, and which addresses may be links
    styled    styled text built without Rich, turned into Rich Text on a terminal
    text      the text format: a comparison, a round's positions, one position, the rounds
    timeline  the timeline as text: a Rich table on a terminal, a plain list when piped
    markdown  reports to publish: a comparison, a round's positions, one position, the timeline
    html      self-contained pages to publish: a comparison, the timeline
    html_position  one position in full as a self-contained page
    position_view  a position in full, built once as plain data for every face
    records   the versioned JSON documents (shape in docs/json-format.md)
    comparison  one comparison of two rounds, built once for every face (compare)
    formats   the output formats, each registered once with its renderers
    options   what the report commands share: options, name checks, plain output
    console   printing styled text: Rich on a terminal, plain text elsewhere
"""
