"""Domain errors: raised by services, shown to the user as a clear Dutch message."""


class DomainError(Exception):
    """A business rule refused the action. `messages` are Dutch, user-facing sentences."""

    def __init__(self, *messages: str, field: str | None = None) -> None:
        self.messages = list(messages) or ["De actie is niet toegestaan."]
        self.field = field
        super().__init__("; ".join(self.messages))

    @property
    def message(self) -> str:
        return " ".join(self.messages)
