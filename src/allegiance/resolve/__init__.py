"""Names → entities: alias matching across transliterations and scripts, Arabic personal
names and their nisbas, and readers of the UN and OFAC sanctions lists that seed the
actor aliases. Imports only `allegiance.model` and `allegiance.settings`."""
