"""The `allegiance` command line: a thin layer over the workflow, store, query and export."""
