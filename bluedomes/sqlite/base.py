"""Django's SQLite backend with a fair queue for writers.

SQLite lets one connection write at a time. A connection that finds the
write lock taken sleeps in SQLite's busy handler for 1, 2, 5, 10 … up to
100 ms between tries, and a newcomer can take the lock while earlier ones
sleep: under a burst of comment POSTs most wait a millisecond or two, a few
wait a third of a second. Here each transaction first takes an advisory
lock on a file beside the database (flock), which the kernel hands on the
moment its holder lets go, and only then SQLite's own lock, which is free
by then. SQLite's busy timeout still bounds a wait on anything outside
this gate (the sqlite3 shell, a backup); the gate is released by commit,
rollback, closing the connection, or the kernel when a process dies."""

import fcntl
import os
from contextlib import contextmanager

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    _gate = None  # the lock file, open while this connection's transaction holds it

    def _start_transaction_under_autocommit(self):
        self._enter_gate()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._leave_gate()
            raise

    # Whatever ends the transaction, even by failing, lets the next writer in.
    def _commit(self):
        with self._leaving_gate():
            return super()._commit()

    def _rollback(self):
        with self._leaving_gate():
            return super()._rollback()

    def _close(self):
        with self._leaving_gate():
            return super()._close()

    def gate_path(self):
        """The lock file beside the database; None for an in-memory one,
        which only this process can reach."""
        if self.is_in_memory_db():
            return None
        return f"{os.fspath(self.settings_dict['NAME'])}-writers.lock"

    def _enter_gate(self):
        path = self.gate_path()
        if path is None or self._gate is not None:
            return
        gate = open(path, "a+b")  # noqa: SIM115 - held across the transaction, closed by _leave_gate
        try:
            fcntl.flock(gate, fcntl.LOCK_EX)
        except BaseException:
            gate.close()
            raise
        self._gate = gate

    @contextmanager
    def _leaving_gate(self):
        try:
            yield
        finally:
            self._leave_gate()

    def _leave_gate(self):
        gate, self._gate = self._gate, None
        if gate is not None:
            # Closing the file releases its lock.
            gate.close()
