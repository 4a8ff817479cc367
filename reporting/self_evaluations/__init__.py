"""The provider's self-evaluation of a quarter or a year, and the city's comments on it (docs §10).

`services` writes, `selectors` reads (scoped to the actor), `narrative` gives the submitted evaluations of a
period range to the contract monitoring report (PDF).
"""
