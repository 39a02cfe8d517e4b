"""The one error type ingest raises: it names the file and the problem."""


class IngestError(Exception):
    def __init__(self, origin: str, reason: str, transient: bool = False) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason
        self.transient = transient  # a network failure: worth trying again later

    def __reduce__(self):
        # picklable with its fields (to and from worker processes and Ray actors)
        return (IngestError, (self.origin, self.reason, self.transient))
