"""Items handed out once each to this process and a child forked beside it, whichever is free first.

How long each process's own share of writing a report takes depends on the input (the replies CSV
grows with the replies, the clouds do not), so a fixed split of the pictures leaves one process
waiting for the other. Here the items wait in a pipe as two-byte tokens, written before the child
is forked (side_process.Beside): each process reads a token whenever it is free, so the two finish
together at every size. A pipe read is atomic, so no item is handed out twice. An item a failed
child took is never done there: the caller does again whatever it did not get back.
"""

import os

_TOKEN_BYTES = 2
# A pipe holds at least 4 KB on every POSIX system (64 KB on Linux); more tokens stay in this process.
_MAX_SHARED = 2048


class SharedQueue:
    """Hand out `items` once each, across a fork; `shared=False` (no child will run) keeps them in this process.

    Iterating takes items until none is left. Use it as a context manager so the pipe is closed.
    """

    def __init__(self, items, shared: bool = True):
        self.items = list(items)
        self._owner = os.getpid()
        self._next = 0
        self._pipe = None
        if shared and 0 < len(self.items) <= _MAX_SHARED:
            read, write = os.pipe()
            try:
                os.write(write, b"".join(i.to_bytes(_TOKEN_BYTES, "little") for i in range(len(self.items))))
            finally:
                os.close(write)  # once the tokens are read, the next read says "none left" instead of waiting
            self._pipe = read

    def take(self):
        """The next item no process has taken, or None when all are taken."""
        if self._pipe is None:
            if os.getpid() != self._owner or self._next >= len(self.items):
                return None  # a child of an unshared queue takes nothing: its parent does every item
            self._next += 1
            return self.items[self._next - 1]
        token = os.read(self._pipe, _TOKEN_BYTES)
        return self.items[int.from_bytes(token, "little")] if len(token) == _TOKEN_BYTES else None

    def __iter__(self):
        while (item := self.take()) is not None:
            yield item

    def __enter__(self) -> "SharedQueue":
        return self

    def __exit__(self, *_) -> None:
        self._next = len(self.items)  # closed: nothing more is handed out here
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
