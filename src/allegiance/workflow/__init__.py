"""Jobs that run several stages in order (read → store), each document in its own transaction."""
