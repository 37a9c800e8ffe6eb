class DomainError(Exception):
    """A business rule refused the action; the message is shown to the user."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""
