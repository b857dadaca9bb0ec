"""The models of threaded debate on motions and candidates, with comment periods that close."""
