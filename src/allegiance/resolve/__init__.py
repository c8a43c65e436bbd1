"""Resolve what documents mention to entities: names across transliterations and scripts
(`names`, `matching`), Arabic personal names and their nisbas, places and dates, and the
sanctions lists that seed the actor aliases (`sanctions`). Imports only `allegiance.model`
and `allegiance.settings`."""
