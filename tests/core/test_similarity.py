"""``cosine_similarity`` in pure Python."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ai_sdk_integrations.core.similarity import cosine_similarity


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ([1.0, 0.0], [1.0, 0.0], 1.0),
        ([1.0, 0.0], [0.0, 2.0], 0.0),
        ([1.0, 2.0], [-1.0, -2.0], -1.0),
        ([1, 2, 3], [4, 5, 6], 32 / math.sqrt(14 * 77)),
        ([3.0], [5.0], 1.0),
    ],
)
def test_known_values(a: list[float], b: list[float], expected: float) -> None:
    assert cosine_similarity(a, b) == pytest.approx(expected)


def test_vectors_of_different_lengths_are_an_error() -> None:
    with pytest.raises(ValueError, match="same length, got 2 and 3"):
        cosine_similarity([1.0, 2.0], [1.0, 2.0, 3.0])


@pytest.mark.parametrize(
    ("a", "b", "which"),
    [([0.0, 0.0], [1.0, 1.0], "a is"), ([1.0, 1.0], [0.0, 0.0], "b is"), ([], [], "both vectors are")],
)
def test_a_zero_vector_is_an_error(a: list[float], b: list[float], which: str) -> None:
    with pytest.raises(ValueError, match=f"zero vector \\({which}"):
        cosine_similarity(a, b)


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(lambda x: abs(x) > 1e-6)


@given(st.lists(st.tuples(finite, finite), min_size=1, max_size=20), st.floats(min_value=0.01, max_value=100))
def test_bounded_symmetric_and_scale_free(pairs: list[tuple[float, float]], scale: float) -> None:
    a, b = [x for x, _ in pairs], [y for _, y in pairs]
    value = cosine_similarity(a, b)
    assert -1.0 <= value <= 1.0
    assert value == pytest.approx(cosine_similarity(b, a))
    assert value == pytest.approx(cosine_similarity([x * scale for x in a], b), abs=1e-9)
    assert cosine_similarity(a, a) == pytest.approx(1.0)
