"""Every function of ``hustings.board`` is one check: cyclomatic complexity at most 20 (issue #17)."""

from tests.function_size import LIMIT, functions_over_limit


def test_no_board_function_is_over_the_complexity_limit() -> None:
    assert functions_over_limit("board") == [], f"split these into steps of complexity {LIMIT} or less"
