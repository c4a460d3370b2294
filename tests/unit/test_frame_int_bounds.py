"""A join's `since` beyond what a seq column holds is refused as `invalid` by
the frame parser, like out-of-range query parameters over HTTP (it reached
the database and failed there on PostgreSQL)."""

from __future__ import annotations

import pytest

from causerie.domain.errors import Invalid
from causerie.transport.params import INT32_MAX
from causerie.transport.ws.frames import Join, parse


@pytest.mark.parametrize("since", [2**31, 2**63, 2**64 - 1, -1])
def test_since_out_of_range_is_invalid(since: int) -> None:
    with pytest.raises(Invalid) as refused:
        parse(f'{{"type": "join", "room": "r", "since": {since}}}', 16384)
    assert refused.value.params["field"] in ("since", "json")


def test_the_largest_seq_is_still_a_join() -> None:
    frame, _ = parse(f'{{"type": "join", "room": "r", "since": {INT32_MAX}}}', 16384)
    assert frame == Join(room="r", since=INT32_MAX)
