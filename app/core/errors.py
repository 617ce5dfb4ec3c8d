"""Domain errors: services raise them, one handler turns them into a page and a status."""


class DomainError(Exception):
    """A rule of the domain refused the request; `message` is shown to the user as it is."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    status = 404
