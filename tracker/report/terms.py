"""The words of ours a comparison uses, each with what it means: one home for the legend of the
Markdown and HTML reports, `tracker diff --help` and the app's help. Plain data, so that building
the command line's help imports nothing else."""

TERMS = {
    "first on record": "reported at the later round and not at the earlier one, without the data saying it was put forward since: the earlier round's sources may just not have reported it",
    "new": "put forward after the earlier round, as the data says (its put_forward date), or an agreement reached since",
    "rejected again": "refused at both rounds, each time in that round's own reports",
    "still standing": "not restated by the later round's own reports; told with the day it was last reported",
    "re-sourced": "new evidence or notes, or a second source giving a compatible figure: nothing moved",
    "reworded": "the summary written otherwise, nothing else of substance",
    "carried out": "an agreement or a commitment done, on the day the sources give, or as reported on a day where they give none",
    "not at the later round": "a party with no delegation, seat or statement on record at the later round: its positions missing there are no difference",
}
"""The words of ours a comparison uses, explained where it is read (a legend in Markdown and
HTML, `tracker diff --help`, the app's help)."""

RULES = (
    (
        "Again only from the round's own reports",
        "A demand is *rejected again* only where the later round's own reports give both the demand and its refusal; "
        "a position carried from an earlier round (`carried_from`) is told as *still standing*, with the day it was last reported.",
    ),
    (
        "An event's day is not its report's",
        "An outcome is placed on the day the sources give for the event (`status_date`, from `status_since` when it came in stages); "
        "where they give none it is told as *reported on* a day (`status_reported`), never as done that day; "
        "a figure kept from an earlier report says so (`as_of`: '30 days, as last reported on 2 June 2025').",
    ),
    (
        "A figure in its source's words",
        "Approximate words stay approximate ('nearly 400' is never 'at most 400'), and no face, however short, "
        "uses a symbol, a bound or a precision the source's words do not have.",
    ),
    (
        "Agreeing is not contesting",
        "A figure is *contested* only when its sources' figures cannot all be true: `30` and `at least 30` agree; "
        "a running count given for different days (`as_of` on each claim) is told as it grew; "
        "a total beside a figure per side (`per` on a claim) is explained, not contested.",
    ),
    (
        "Moving needs substance on both sides",
        "A figure on record at one round only is new evidence (*first on record*), not a move from 'none'; "
        "a second source, a new note or a reworded summary is not a move either.",
    ),
    (
        "Missing is not a difference",
        "What one round does not record is said apart (*recorded for one round only*), never as a change between the rounds.",
    ),
    (
        "The brief leads with what mattered that day",
        "The brief orders its items by how many outlets of the later round report each, tells an answer beside what it answers, "
        "gives one sentence a line and counts in items what does not fit.",
    ),
    (
        "Our words, explained",
        "The words of ours a comparison uses are explained where they are read: "
        "a legend in Markdown and HTML, `tracker diff --help` and the app's help (`?`).",
    ),
)
"""The rules every sentence of a comparison obeys, stated once: the codebook (docs/schema.md)
prints them and the README states each (a test holds both to this table)."""
