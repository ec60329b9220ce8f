"""Settings modules: base declares everything; dev, test and prod override."""
