"""SQLite writers queue at the gate beside the database file instead of
sleeping in SQLite's busy handler (bluedomes/sqlite/base.py)."""

import fcntl
import threading
import time

import pytest
from django.db import connections

from bluedomes.sqlite.base import DatabaseWrapper


def connect(path, busy_timeout=5.0):
    settings_dict = {
        **connections["default"].settings_dict,
        "ENGINE": "bluedomes.sqlite",
        "NAME": str(path),
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": busy_timeout},
    }
    return DatabaseWrapper(settings_dict, alias="writers-test")


def begin(connection):
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def write(connection, text):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO notes (text) VALUES (%s)", [text])


def gate_is_free(connection):
    with open(connection.gate_path(), "a+b") as gate:
        try:
            fcntl.flock(gate, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


@pytest.fixture
def database(tmp_path, django_db_blocker):
    """A database file of the test's own, outside the test database."""
    path = tmp_path / "site.sqlite3"
    with django_db_blocker.unblock():
        setup = connect(path)
        with setup.cursor() as cursor:
            cursor.execute("CREATE TABLE notes (text TEXT)")
        setup.close()
        yield path


def test_a_second_writer_waits_at_the_gate_past_its_busy_timeout_and_goes_on_at_the_commit(database):
    first = connect(database)
    entered, failed = threading.Event(), []

    def second_writer():
        # A connection belongs to the thread that made it.
        second = connect(database, busy_timeout=0.1)
        try:
            begin(second)
            entered.set()
            write(second, "второй")
            second.commit()
            second.set_autocommit(True)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            failed.append(exc)
        finally:
            second.close()

    begin(first)
    write(first, "первый")
    waiting = threading.Thread(target=second_writer)
    waiting.start()
    # Three times the second one's busy timeout: SQLite alone would have
    # refused it with "database is locked" by now.
    assert not entered.wait(0.3)
    first.commit()
    first.set_autocommit(True)
    assert entered.wait(5)
    waiting.join(5)
    assert failed == []
    with first.cursor() as cursor:
        cursor.execute("SELECT text FROM notes ORDER BY rowid")
        assert [row[0] for row in cursor.fetchall()] == ["первый", "второй"]
    first.close()


@pytest.mark.parametrize("leave", ["rollback", "close"])
def test_a_rollback_or_a_closed_connection_opens_the_gate(database, leave):
    writer = connect(database)
    begin(writer)
    write(writer, "ئۇيغۇرچە")
    assert not gate_is_free(writer)
    getattr(writer, leave)()
    assert gate_is_free(writer)
    writer.close()


def test_writers_in_turn_each_pass_the_gate_at_once(database):
    writer = connect(database)
    started = time.monotonic()
    for number in range(20):
        begin(writer)
        write(writer, f"запись {number}")
        writer.commit()
        writer.set_autocommit(True)
    assert time.monotonic() - started < 5
    assert gate_is_free(writer)
    writer.close()


def test_an_in_memory_database_has_no_gate():
    assert connect(":memory:").gate_path() is None
