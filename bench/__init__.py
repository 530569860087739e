"""The benchmark: `python -m bench --scale small|large [--database URL]` (see __main__)."""
