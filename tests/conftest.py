"""Settings for the whole suite.

Hypothesis fails an example that takes longer than 200 ms by default. The suite checks
results, not speed (speed lives in bench/), and CI shares its machine: a slow moment must
not fail a property test, so no example has a time limit.
"""

from hypothesis import settings

settings.register_profile("xlkpi", deadline=None)
settings.load_profile("xlkpi")
