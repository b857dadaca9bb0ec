"""Pages of threaded debate on motions and candidates, with comment periods that close; its Atom feed and API."""
