"""Every function of ``hustings.store`` is one step: cyclomatic complexity at most 20 (issue #17)."""

from tests.function_size import LIMIT, functions_over_limit


def test_no_store_function_is_over_the_complexity_limit() -> None:
    assert functions_over_limit("store") == [], f"split these into steps of complexity {LIMIT} or less"
