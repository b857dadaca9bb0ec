"""Condorcet methods: counts built on the pairwise matrix of a profile.

``pairwise`` builds the matrix; ``copeland``, ``minimax``, ``schulze`` and
``ranked_pairs`` each elect from it.  Every one of them elects the Condorcet
winner (the candidate preferred to each other candidate by more voters than
prefer the other) whenever there is one.
"""
