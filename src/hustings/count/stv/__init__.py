"""The single transferable vote family.

One module per rule, sharing the reading of ballot papers (:mod:`.papers`),
the quota (:mod:`.quota`) and the inclusive Gregory transfer engine
(:mod:`.gregory`):

- :mod:`.scottish` — The Scottish Local Government Elections Order 2007
  (SSI 2007/42), Schedule 1, rules 45-52 (``scottish-stv``);
- :mod:`.wigm` — weighted inclusive Gregory, the Scottish rules generalised to
  any precision or exact fractions (``wigm``);
- :mod:`.ers97` — the Electoral Reform Society's 1997 rules (``ers97``);
- :mod:`.meek` — Meek's method, Algorithm 123 and the New Zealand variant (``meek``).
"""
