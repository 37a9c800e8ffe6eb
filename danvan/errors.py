class DomainError(Exception):
    """A business rule refused the action; the message is shown to the user.

    `field` names the input the message is about, when there is one (an import shows it in that column)."""

    def __init__(self, *args, field: str = ""):
        super().__init__(*args)
        self.field = field

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class NotAllowed(DomainError):
    """This user may not do this at all (their role or office), whatever the record's state: a view answers 403."""


class StaleEdit(DomainError):
    """Someone else changed the record since the page was drawn (a compare-and-swap failed)."""
