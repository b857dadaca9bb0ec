"""The model of background jobs: what `hustings worker` runs, with its progress in the database."""
