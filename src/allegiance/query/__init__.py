"""Analysis: views computed from the stored claims and judgements at read time."""
