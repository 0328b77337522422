"""The words of ours a comparison uses, each with what it means: one home for the legend of the
Markdown and HTML reports, `tracker diff --help` and the app's help. Plain data, so that building
the command line's help imports nothing else."""

TERMS = {
    "first on record": "reported at the later round and not at the earlier one, without the data saying it was put forward since: the earlier round's sources may just not have reported it",
    "new": "put forward after the earlier round, as the data says (`put_forward`), or an agreement reached since",
    "rejected again": "refused at both rounds, each time in that round's own reports",
    "still standing": "not restated by the later round's own reports; told with the day it was last reported",
    "re-sourced": "new evidence or notes, or a second source giving a compatible figure: nothing moved",
    "reworded": "the summary written otherwise, nothing else of substance",
    "carried out": "an agreement or a commitment done, on the day the sources give, or as reported on a day where they give none",
}
"""The words of ours a comparison uses, explained where it is read (a legend in Markdown and
HTML, `tracker diff --help`, the app's help)."""
