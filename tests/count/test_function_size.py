"""Every function of ``hustings.count`` is one step of its rule: cyclomatic complexity at most 20 (issue #17)."""

from tests.function_size import LIMIT, functions_over_limit


def test_no_count_function_is_over_the_complexity_limit() -> None:
    assert functions_over_limit("count") == [], f"split these into steps of complexity {LIMIT} or less"
