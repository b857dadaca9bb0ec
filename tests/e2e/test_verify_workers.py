"""`hustings verify` checks a big end-to-end board on several processes (`workers`): the verdict,
every check and the recount are the same as on one, for an honest board and a forged one."""

from __future__ import annotations

import copy

from hustings.e2e import group
from hustings.e2e.board import head
from hustings.e2e.parallel import SMALL
from hustings.e2e.simulate import Settings, simulate
from hustings.e2e.verify import verify_board


def test_workers_change_nothing_but_the_time() -> None:
    voters = SMALL // 5 + 20  # enough ciphertexts (5 a ballot) that every product is split
    board = simulate(Settings(voters=voters, candidates=5, method="irv", trustees=3, quorum=2, seed=2, workers=2)).board
    one, two = verify_board(board, workers=1), verify_board(board, workers=2)
    assert one.verified and two.verified
    assert [c.to_dict() for c in one.checks] == [c.to_dict() for c in two.checks]
    assert one.recount == two.recount

    def forged(path: tuple[str | int, ...], check: str) -> None:
        board_copy = copy.deepcopy(board)
        holder = board_copy
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = group.add(group.point_from_hex(holder[path[-1]]), group.G).hex()
        board_copy["head"] = head(board_copy)
        for workers in (1, 2):
            assert check in {c.name for c in verify_board(board_copy, workers=workers).failed}

    forged(("ballots", -1, "ciphertexts", 0, 1), "ballots.proofs")
    forged(("mix", "partials", 0, "shares", -1), "mix.decryption")
    forged(("mix", "shuffles", 1, "rows", -1, 4, 0), "mix.shuffle")
