"""The edit loop through a draft in $EDITOR, as `kubectl edit` does it, shared by `tracker edit`,
`tracker new-position` and the app."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tracker.editing.drafts import drafts_of, hold, let_go, read_draft, remove_draft, write_draft, write_private
from tracker.editing.external_editor import editor_command
from tracker.editing.files import LoadedFile, read_for_edit
from tracker.editing.saving import EditResult, Outcome, conflict_message, validate_text, without_template_help, write_or_keep_draft
from tracker.problems import Problem, count_problems, display_path
from tracker.yamltext import EditError, Insertion, add_problem_header, problem_text, same_file, strip_problem_header


class EditSession:
    """One file edited in $EDITOR through a draft, as `kubectl edit` does it.

        session = EditSession.start(root, path, line=12)
        while True:
            run_editor(session.editor_command())   # the app: inside App.suspend()
            result = session.apply()
            if result.outcome is not Outcome.INVALID:
                break                              # saved, no changes, conflict, cancelled
            # ask: edit again (loop) / keep draft (session.keep()) / discard (session.discard())

    The draft is the working copy. After an invalid attempt it holds the problems as marked
    comment lines at the top, which apply() strips again; the editor reopens at the first one.
    """

    def __init__(self, root: Path, loaded: LoadedFile, draft: Path, text: str, line: int | None, template: Insertion | None = None):
        self.root = root
        self.template = template
        self.loaded = loaded
        self.draft = draft
        self.line = line
        self.initial = text
        self.presented = text
        """The text the editor was last given, without the header."""
        self.problems: list[Problem] = []
        self.header_lines = 0
        self.earlier_drafts: list[Path] = []
        self._live: int | None = None
        """The lock that marks the draft as this running session's (drafts.hold)."""

    @classmethod
    def start(
        cls,
        root: Path,
        file: Path | LoadedFile,
        *,
        line: int | None = None,
        text: str | None = None,
        template: Insertion | None = None,
    ) -> EditSession:
        """Write the file's draft and start. `file` is a path, or the file as already read, so that
        `text` or a `template` inserted into that text is saved against that same version."""
        loaded = file if isinstance(file, LoadedFile) else read_for_edit(file)
        earlier = drafts_of(loaded.path)
        if template is not None:
            text, line = template.text, line or template.lines.start
        start = loaded.text if text is None else text
        # A draft of its own, always: two sessions on one file must never share one (one save
        # would remove the draft the other is still editing).
        session = cls(root, loaded, write_draft(loaded.path, start, base=loaded.text, reuse=False), start, line, template)
        session.earlier_drafts = earlier
        session._live = hold(session.draft)  # another session must not take it for a kept draft
        return session

    @property
    def path(self) -> Path:
        return self.loaded.path

    def editor_command(self, env: Mapping[str, str] | None = None) -> list[str]:
        return editor_command(self.draft, self.line, env)

    def has_edits(self) -> bool:
        """Whether the draft holds work of the user's: anything but the file or the starting text."""
        try:
            text = strip_problem_header(read_draft(self.draft))
        except FileNotFoundError:
            return False
        return text not in (self.loaded.text, self.initial)

    def apply(self) -> EditResult:
        """Read back the draft after the editor returned: validate, and save if valid."""
        try:
            text = strip_problem_header(read_draft(self.draft))
        except FileNotFoundError:
            raise EditError(f"the draft {display_path(self.draft)} is gone; nothing was saved") from None
        if not text.strip():
            self.discard()
            return EditResult(Outcome.EMPTIED, "the draft was emptied: edit cancelled, nothing saved")
        if text == self.loaded.text or (text == self.initial and not self.problems):
            self.discard()
            return EditResult(Outcome.NO_CHANGES, "no changes made")
        if self.problems and text == self.presented:
            return EditResult(Outcome.STILL_INVALID, self.kept_message("edit cancelled: nothing saved"), self.problems, draft=self.draft)
        if self.loaded.changed_on_disk():
            return self._conflict(text)
        check = validate_text(self.root, self.path, text)
        if not check.ok:
            self.presented, self.problems = text, check.problems
            marked, self.header_lines = add_problem_header(text, check.problems, self.path)
            write_private(self.draft, marked.encode("utf-8", "surrogateescape"))
            own = [p.line for p in check.problems if same_file(p.file, self.path)]
            self.line = (min(own) + self.header_lines) if own else 1
            count = count_problems(check.problems)
            return EditResult(Outcome.INVALID, f"not saved: {count} problem{'s' * (count != 1)}", check.problems, draft=self.draft)
        text, check = without_template_help(self.root, self.path, text, check, self.template)
        fingerprint = write_or_keep_draft(self.loaded, text, self.draft)
        if fingerprint is None:  # another save came first, while this one was validating
            return self._conflict(text)
        self.loaded = LoadedFile(self.path, text, fingerprint)
        self.discard()
        return EditResult(Outcome.SAVED, f"saved {display_path(self.path)}", dataset=check.dataset, loaded=self.loaded)

    def _conflict(self, text: str) -> EditResult:
        """The file changed on disk: the plain edit stays in the draft, ready to compare."""
        write_private(self.draft, text.encode("utf-8", "surrogateescape"))
        return EditResult(Outcome.CONFLICT, conflict_message(self.path, self.draft), draft=self.draft)

    def problem_lines(self) -> list[str]:
        """The last problems, with lines of the edited file pointing into the draft as shown."""
        out = []
        for problem in self.problems:
            if same_file(problem.file, self.path):
                where = f"{display_path(self.draft)}:{problem.line + self.header_lines}:{problem.col}"
                out.append(f"{where}: {problem.severity}: {problem_text(problem)}")
            else:
                out.append(problem.format())
        return out

    def keep(self) -> Path:
        """The session ends and its draft is kept: from now on, one to resume."""
        let_go(self._live)
        self._live = None
        return self.draft

    def discard(self) -> None:
        let_go(self._live)
        self._live = None
        remove_draft(self.draft)

    def kept_message(self, prefix: str = "not saved") -> str:
        return f"{prefix}; your edit is kept in {display_path(self.draft)}"
