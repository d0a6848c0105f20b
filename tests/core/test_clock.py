"""The sandbox clock: real by default; freeze, set, advance, unfreeze, reset; ISO parsing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from sandbox.core.clock import Clock, ClockState, parse_iso

UTC = timezone.utc
REAL = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
Y2030 = datetime(2030, 1, 1, 0, 0, 0, tzinfo=UTC)


class RealTime:
    """A stand-in for the wall clock that a test moves by hand."""

    def __init__(self, start: datetime = REAL) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def pass_seconds(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


@pytest.fixture
def real() -> RealTime:
    return RealTime()


@pytest.fixture
def clock(real: RealTime) -> Clock:
    return Clock(source=real)


def test_a_default_clock_follows_real_time() -> None:
    now = Clock().now()

    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)
    assert now.tzinfo == UTC


def test_a_default_clock_is_running_with_no_offset() -> None:
    state = Clock().state()

    assert state.frozen is False
    assert abs(state.offset_seconds) < 1


def test_a_running_clock_moves_with_real_time(clock: Clock, real: RealTime) -> None:
    assert clock.now() == REAL
    real.pass_seconds(90)

    assert clock.now() == REAL + timedelta(seconds=90)


def test_freeze_stops_the_clock_at_the_current_time(clock: Clock, real: RealTime) -> None:
    real.pass_seconds(10)
    clock.freeze()
    real.pass_seconds(3600)

    assert clock.now() == REAL + timedelta(seconds=10)


def test_freeze_at_an_instant_stops_the_clock_there(clock: Clock, real: RealTime) -> None:
    clock.freeze(Y2030)
    real.pass_seconds(3600)

    assert clock.now() == Y2030


def test_unfreeze_runs_on_from_the_frozen_instant(clock: Clock, real: RealTime) -> None:
    clock.freeze(Y2030)
    real.pass_seconds(500)  # while frozen: does not count
    clock.unfreeze()
    real.pass_seconds(7)

    assert clock.now() == Y2030 + timedelta(seconds=7)
    assert clock.state().frozen is False


def test_unfreeze_of_a_running_clock_changes_nothing(clock: Clock, real: RealTime) -> None:
    clock.advance(60)
    clock.unfreeze()

    assert clock.now() == REAL + timedelta(seconds=60)


def test_set_while_running_keeps_running_from_there(clock: Clock, real: RealTime) -> None:
    clock.set(Y2030)
    real.pass_seconds(60)

    assert clock.now() == Y2030 + timedelta(seconds=60)
    assert clock.state().frozen is False


def test_set_while_frozen_stays_frozen_at_that_instant(clock: Clock, real: RealTime) -> None:
    clock.freeze()
    clock.set(Y2030)
    real.pass_seconds(60)

    assert clock.now() == Y2030
    assert clock.state().frozen is True


def test_a_clock_set_then_frozen_and_unfrozen_keeps_its_offset(
    clock: Clock, real: RealTime
) -> None:
    clock.set(Y2030)
    clock.freeze()
    clock.unfreeze()
    real.pass_seconds(1)

    assert clock.now() == Y2030 + timedelta(seconds=1)


@pytest.mark.parametrize("seconds", [86400, 0.5, -3600])
def test_advance_moves_a_frozen_clock(clock: Clock, seconds: float) -> None:
    clock.freeze(Y2030)
    clock.advance(seconds)

    assert clock.now() == Y2030 + timedelta(seconds=seconds)
    assert clock.state().frozen is True


@pytest.mark.parametrize("seconds", [86400, 0.5, -3600])
def test_advance_moves_a_running_clock_which_keeps_running(
    clock: Clock, real: RealTime, seconds: float
) -> None:
    clock.advance(seconds)
    real.pass_seconds(2)

    assert clock.now() == REAL + timedelta(seconds=seconds + 2)


def test_advances_add_up(clock: Clock) -> None:
    clock.set(Y2030)
    clock.advance(30)
    clock.advance(30)

    assert clock.now() == Y2030 + timedelta(minutes=1)


def test_reset_goes_back_to_real_time(clock: Clock, real: RealTime) -> None:
    clock.set(Y2030)
    clock.advance(100)
    clock.freeze()
    clock.reset()
    real.pass_seconds(5)

    assert clock.state() == ClockState(
        now=REAL + timedelta(seconds=5), frozen=False, offset_seconds=0.0
    )


def test_state_of_a_running_clock(clock: Clock) -> None:
    clock.advance(90)

    assert clock.state() == ClockState(
        now=REAL + timedelta(seconds=90), frozen=False, offset_seconds=90.0
    )


def test_state_of_a_frozen_clock_reports_the_offset_from_real_time(
    clock: Clock, real: RealTime
) -> None:
    clock.freeze(REAL + timedelta(hours=1))
    real.pass_seconds(600)

    assert clock.state() == ClockState(
        now=REAL + timedelta(hours=1), frozen=True, offset_seconds=3000.0
    )


def test_naive_datetimes_are_taken_as_utc(clock: Clock) -> None:
    clock.freeze(datetime(2030, 1, 1, 8, 30))

    now = clock.now()
    assert now == datetime(2030, 1, 1, 8, 30, tzinfo=UTC)
    assert now.tzinfo == UTC


def test_set_with_a_naive_datetime_takes_it_as_utc(clock: Clock) -> None:
    clock.set(datetime(2030, 1, 1, 8, 30))

    assert clock.now() == datetime(2030, 1, 1, 8, 30, tzinfo=UTC)


def test_aware_datetimes_are_converted_to_utc(clock: Clock) -> None:
    clock.freeze(datetime(2030, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=3))))

    now = clock.now()
    assert (now, now.tzinfo) == (datetime(2030, 1, 1, 9, 0, tzinfo=UTC), UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2030-01-02T03:04:05Z", datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2030-01-02T03:04:05z", datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2030-01-02T03:04:05.123456Z", datetime(2030, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)),
        ("2030-01-02T03:04:05+00:00", datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2030-01-02T06:04:05+03:00", datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2030-01-02T03:04:05", datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("  2030-01-02T03:04:05Z\n", datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2030-01-02", datetime(2030, 1, 2, tzinfo=UTC)),
    ],
)
def test_parse_iso_returns_utc(text: str, expected: datetime) -> None:
    parsed = parse_iso(text)

    assert (parsed, parsed.tzinfo) == (expected, UTC)


@pytest.mark.parametrize("text", ["", "tomorrow", "2030-13-01T00:00:00Z", "2030-01-01T25:00Z"])
def test_parse_iso_rejects_what_is_not_a_timestamp(text: str) -> None:
    with pytest.raises(ValueError):
        parse_iso(text)
